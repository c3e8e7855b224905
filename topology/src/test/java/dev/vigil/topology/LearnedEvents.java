package dev.vigil.topology;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Capability;
import dev.vigil.avro.Geo;
import dev.vigil.avro.OperatingWindow;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.avro.Weekday;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.state.AgentState;
import dev.vigil.topology.state.AgentStateSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Builders for the tests of the rules that learn what an agent uses and when (off_hours_activity, geo_anomaly,
 * new_tool_usage, new_principal): tool calls with a chosen tool, principal and geo, profiles with a window or
 * allowed countries.
 */
final class LearnedEvents {

    static final List<Weekday> WEEKDAYS = List.of(Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI);
    static final List<Weekday> EVERY_DAY = List.of(Weekday.values());

    private LearnedEvents() {
    }

    /** A tool call of {@code tool}/{@code actionType} for principal user-1. */
    static AgentEvent call(String eventId, String agentId, Instant at, String tool, String actionType) {
        return event(eventId, agentId, at, "user-1", null, tool, actionType);
    }

    /** A github tool call made for {@code principal}. */
    static AgentEvent byPrincipal(String eventId, String agentId, Instant at, String principal) {
        return event(eventId, agentId, at, principal, null, "github", "repo.get_file");
    }

    /** A github tool call from {@code country} (and {@code region}, may be null). */
    static AgentEvent from(String eventId, String agentId, Instant at, String country, String region) {
        return event(eventId, agentId, at, "user-1", new Geo(country, region), "github", "repo.get_file");
    }

    static AgentEvent event(String eventId, String agentId, Instant at, String principal, Geo geo, String tool,
                            String actionType) {
        return AgentEvent.newBuilder().setEventId(eventId).setTenantId(Events.TENANT).setAgentId(agentId)
                .setPrincipalId(principal).setOccurredAt(at).setGeo(geo).setOutcome(Outcome.success)
                .setPayload(ToolCallPayload.newBuilder().setTool(tool).setActionType(actionType)
                        .setCapability(Capability.read).setGrantId("grant-7").build())
                .build();
    }

    /** A profile without calibration that works {@code days} from {@code start} to {@code end} in {@code zone}. */
    static AgentProfile withWindow(String agentId, String zone, List<Weekday> days, String start, String end) {
        return AgentProfile.newBuilder(Events.profile(agentId, List.of()))
                .setOperatingWindow(new OperatingWindow(zone, days, start, end)).build();
    }

    /** {@code profile} with {@code settings} as its own parameter values. */
    static AgentProfile withSettings(AgentProfile profile, Map<String, String> settings) {
        return AgentProfile.newBuilder(profile).setSettings(settings).build();
    }

    /** The alerts of {@code ruleId} only (the other rules run too). */
    static List<Alert> of(String ruleId, List<Alert> alerts) {
        return alerts.stream().filter(a -> a.getRuleId().equals(ruleId)).toList();
    }

    /**
     * Runs {@code detector} alone over {@code events} on a fresh state, as the processor would (outside
     * calibration), and returns the state's bytes: what one detector's section costs per agent.
     */
    static int stateBytes(Detector detector, AgentProfile profile, List<AgentEvent> events) {
        AgentState state = AgentState.firstSeenAt(events.get(0).getOccurredAt().toEpochMilli());
        DetectionContext context = new DetectionContext(profile, state, DetectionSettings.defaults());
        for (AgentEvent event : events) {
            detector.onEvent(context, event);
            state.observe(event.getOccurredAt().toEpochMilli());
        }
        return new AgentStateSerde().serialize("t", state).length;
    }

    /** The bytes of a state that holds nothing but the times (the baseline the sections add to). */
    static int emptyStateBytes(Instant at) {
        return new AgentStateSerde().serialize("t", AgentState.firstSeenAt(at.toEpochMilli())).length;
    }
}
