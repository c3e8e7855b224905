package dev.vigil.topology;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.OperatingWindow;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.avro.Weekday;
import dev.vigil.avro.Capability;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.state.AgentState;
import dev.vigil.topology.state.AgentStateSerde;
import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builders and traffic shapes for the volume rules' tests (rate_spike, receipt_surge, cost_spike,
 * high_failure_rate, error_rate_spike): requests with an outcome, receipts with a cost, office profiles, and
 * events spread evenly over an hour. Deterministic: event ids are numbered, times computed.
 */
final class VolumeTraffic {

    static final Duration HOUR = Duration.ofHours(1);

    private final String agent;
    private int sequence;

    VolumeTraffic(String agent) {
        this.agent = agent;
    }

    /** A tool call with {@code outcome}. */
    AgentEvent request(Instant at, Outcome outcome) {
        return AgentEvent.newBuilder().setEventId("e" + sequence++).setTenantId(Events.TENANT).setAgentId(agent)
                .setPrincipalId("user-1").setOccurredAt(at).setOutcome(outcome)
                .setPayload(ToolCallPayload.newBuilder().setTool("github").setCapability(Capability.read).build())
                .build();
    }

    AgentEvent request(Instant at) {
        return request(at, Outcome.success);
    }

    /** A receipt of {@code costUsd} (exact, scale 6). */
    AgentEvent receipt(Instant at, String costUsd) {
        int n = sequence++;
        return AgentEvent.newBuilder().setEventId("e" + n).setTenantId(Events.TENANT).setAgentId(agent)
                .setPrincipalId("user-1").setOccurredAt(at).setOutcome(Outcome.success)
                .setPayload(ReceiptPayload.newBuilder().setReceiptId("r" + n).setProvider("openai").setModel("gpt-4o")
                        .setInputTokens(1000).setOutputTokens(100)
                        .setCostUsd(new BigDecimal(costUsd).setScale(6)).build())
                .build();
    }

    /** {@code count} events made by {@code make} spread evenly over the hour starting at {@code hourStart}. */
    void hour(TopologyHarness target, Instant hourStart, int count, Function<Instant, AgentEvent> make) {
        spread(target, hourStart, HOUR, count, make);
    }

    /** {@code count} events made by {@code make} spread evenly over {@code length} from {@code start}. */
    void spread(TopologyHarness target, Instant start, Duration length, int count, Function<Instant, AgentEvent> make) {
        for (int i = 0; i < count; i++) {
            target.send(make.apply(start.plusMillis(i * (length.toMillis() / Math.max(count, 1)))));
        }
    }

    /** {@code perHour} requests in each hour of {@code [from, from + hours)}. */
    void steady(TopologyHarness target, Instant from, int hours, int perHour) {
        for (int h = 0; h < hours; h++) {
            hour(target, from.plus(HOUR.multipliedBy(h)), perHour, this::request);
        }
    }

    /** The alerts of {@code ruleId} among those {@code target} emitted since the last read. */
    static List<Alert> alertsOf(TopologyHarness target, String ruleId) {
        return target.alerts().stream().filter(a -> a.getRuleId().equals(ruleId)).toList();
    }

    /** A profile working weekdays 09:00–17:00 in {@code zone}, without calibration. */
    static AgentProfile office(String agentId, String zone) {
        return AgentProfile.newBuilder(Events.profile(agentId, List.of()))
                .setOperatingWindow(new OperatingWindow(zone,
                        List.of(Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI), "09:00", "17:00"))
                .build();
    }

    /** {@code profile} with the per-agent parameter values {@code settings}. */
    static AgentProfile withSettings(AgentProfile profile, Map<String, String> settings) {
        return AgentProfile.newBuilder(profile).setSettings(new HashMap<>(settings)).build();
    }

    /** Bytes of one detector section as the state serde stores it. */
    static int sectionBytes(StateSection section) {
        StateWriter out = new StateWriter();
        section.write(out);
        return out.toByteArray().length;
    }

    /**
     * {@code detector} alone over an agent's events, as the processor runs it apart from alerts (no calibration,
     * no folding, no late events sent): for measuring state, fast enough for weeks of heavy traffic.
     */
    static final class Direct {

        private final Detector detector;
        private final AgentProfile profile;
        private final DetectionSettings settings = DetectionSettings.defaults();
        private AgentState state;

        Direct(Detector detector, AgentProfile profile) {
            this.detector = detector;
            this.profile = profile;
        }

        void send(AgentEvent event) {
            long time = event.getOccurredAt().toEpochMilli();
            if (state == null) {
                state = AgentState.firstSeenAt(time);
            }
            detector.onEvent(new DetectionContext(profile, state, settings), event);
            state.observe(time);
        }

        AgentState state() {
            return state;
        }
    }

    /** The serialized size of {@code state}, the agent's bytes in the store and its changelog. */
    static int stateBytes(AgentState state) {
        return new AgentStateSerde().serialize("t", state).length;
    }

    /**
     * What the section {@code name} adds to the agent's stored bytes: its own bytes plus its name and length, as
     * the state serde writes them.
     */
    static int sectionCost(AgentState state, String name) {
        AgentStateSerde serde = new AgentStateSerde();
        byte[] with = serde.serialize("t", state);
        AgentState copy = serde.deserialize("t", with);
        copy.dropSection(name);
        return with.length - serde.serialize("t", copy).length;
    }

    /** The section of {@code type} in {@code state} after a round trip through the serde (what a restart reads). */
    static <S extends StateSection> S restored(AgentState state, SectionType<S> type) {
        AgentStateSerde serde = new AgentStateSerde();
        return serde.deserialize("t", serde.serialize("t", state)).section(type);
    }
}
