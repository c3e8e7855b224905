package dev.vigil.topology;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.Outcome;
import dev.vigil.topology.breaker.Children;
import dev.vigil.topology.feedback.FalsePositives;
import dev.vigil.topology.breaker.AgentStatuses;
import dev.vigil.avro.BreakerState;
import dev.vigil.topology.breaker.CircuitBreaker;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.vigil.ingest.EventJson;
import dev.vigil.topology.alert.AlertFolding;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.Finding;
import dev.vigil.topology.detect.Param;
import dev.vigil.topology.detect.Parameters;
import dev.vigil.topology.ingest.EventOrigin;
import dev.vigil.topology.rules.EventView;
import dev.vigil.topology.rules.RuleBook;
import dev.vigil.topology.rules.RuleSet;
import dev.vigil.topology.state.AgentState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Runs the detectors over each agent's events, in its partition, against its state: looks up the profile,
 * decides whether the event is late, lets each detector update the state and report, folds findings into
 * alerts, and forwards the alerts due (key agentId, timestamp = the triggering event's time), with the circuit
 * breaker's moves they cause (agent status, cascade commands; see {@link CircuitBreaker}). An agent seen for the
 * first time gets a MONITORING status record with its calibration window ({@link AgentStatuses}).
 *
 * <p>Retention: every {@link #SWEEP_INTERVAL} of stream time, agents idle for longer than
 * {@code stateRetention} are deleted from the store, except halted and killed agents: forgetting them would let a
 * returning agent's next breaker move overwrite its HALTED status on the compacted topic (they are few and stay until
 * someone resumes them). "Now" for that sweep is the older of stream time and the
 * newest event time this processor has seen, so a lifecycle record stamped with today's time cannot make a
 * replay of last month's events forget its agents.
 */
final class DetectionProcessor implements Processor<String, AgentEvent, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(DetectionProcessor.class);
    static final Duration SWEEP_INTERVAL = Duration.ofHours(1);
    /** Calibration of an agent without a profile (the profile schema's default). */
    static final int DEFAULT_CALIBRATION_DAYS = AgentStatuses.DEFAULT_CALIBRATION_DAYS;

    private final String stateStoreName;
    private final String profileStoreName;
    private final List<Detector> detectors;
    private final List<Param<Boolean>> enabled;
    private final RuleBook rules;
    private final DetectionSettings settings;
    private final TopologyMetrics metrics;
    private final AlertFolding folding;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AgentState> states;
    private KeyValueStore<String, ValueAndTimestamp<AgentProfile>> profiles;
    private long newestEventTime = Long.MIN_VALUE;
    private long lateSeen;

    DetectionProcessor(String stateStoreName, String profileStoreName, List<Detector> detectors, RuleBook rules,
                       DetectionSettings settings, TopologyMetrics metrics) {
        this.rules = rules;
        this.stateStoreName = stateStoreName;
        this.profileStoreName = profileStoreName;
        this.detectors = List.copyOf(detectors);
        this.enabled = this.detectors.stream().map(d -> Parameters.enabled(d.ruleId())).toList();
        this.settings = settings;
        this.metrics = metrics;
        this.folding = new AlertFolding(settings.repeatInterval());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.states = context.getStateStore(stateStoreName);
        this.profiles = context.getStateStore(profileStoreName);
        context.schedule(SWEEP_INTERVAL, PunctuationType.STREAM_TIME, this::evictIdleAgents);
    }

    @Override
    public void process(Record<String, AgentEvent> record) {
        AgentEvent event = record.value();
        String agentId = event.getAgentId();
        long time = event.getOccurredAt().toEpochMilli();
        metrics.eventSeen(EventJson.type(event));
        AgentState state = states.get(agentId);
        boolean firstSeen = state == null;
        if (firstSeen) {
            state = AgentState.firstSeenAt(time);
        }
        boolean late = state.isLate(time, settings.grace());
        if (late) {
            metrics.lateEvent();
            reportLate(event, state.lastEventAt() - time);
        }
        AgentProfile profile = profile(agentId);
        if (firstSeen) {
            context.forward(new Record<>(agentId, AgentStatuses.firstSeen(event.getTenantId(), agentId, state, profile, time), time));
        }
        boolean calibrating = state.calibrating(time, AgentStatuses.calibrationDays(profile));
        RuleSet ruleSet = rules.current();
        DetectionContext detection = new DetectionContext(profile, state, settings, event.getTenantId(), calibrating,
                ruleSet, agentId);
        Optional<EventOrigin> origin = EventOrigin.of(record.headers(), context.recordMetadata());
        for (int i = 0; i < detectors.size(); i++) {
            Detector detector = detectors.get(i);
            if ((late && detector.usesEventTimeWindows()) || !detection.param(enabled.get(i))) {
                continue;
            }
            Optional<Finding> finding = detector.onEvent(detection, event);
            if (finding.isPresent() && quieted(state, detector.ruleId(), time)) {
                continue;
            }
            if (finding.isPresent()) {
                boolean markCalibrating = calibrating && detector.baseline();
                AgentState current = state;
                folding.onFinding(state, detector.rule(), finding.get(), event, origin, markCalibrating)
                        .ifPresent(alert -> emit(current, profile, alert, time));
            }
        }
        applyCustomRules(ruleSet, state, profile, event, origin, time);
        trackChildren(state, event);
        state.observe(time);
        states.put(agentId, state);
        newestEventTime = Math.max(newestEventTime, time);
    }

    /**
     * The custom rules after the built-in ones: only those the rule set files under this event's agent, tenant
     * or type are looked at ({@link RuleSet#forEachCandidate}), and the event is flattened for their expressions
     * at most once. Late events are judged too: a rule's window places an event in its own bucket or, when that
     * bucket has left the window, judges it alone. Windows and open alerts of rules that no longer exist are
     * dropped here, when the agent is next seen.
     */
    private void applyCustomRules(RuleSet ruleSet, AgentState state, AgentProfile profile, AgentEvent event,
                                  Optional<EventOrigin> origin, long time) {
        ruleSet.forgetDeletedRules(state);
        if (ruleSet.enabledCustomRules() == 0) {
            return;
        }
        EventView view = new EventView(event);
        ruleSet.forEachCandidate(view, rule -> rule.onEvent(state, view).ifPresent(finding -> {
            if (!quieted(state, rule.rule().id(), time)) {
                folding.onFinding(state, rule.rule(), finding, event, origin, false)
                        .ifPresent(alert -> emit(state, profile, alert, time));
            }
        }));
    }

    /**
     * Late events are still checked by the rule detectors but not counted in windows; they are counted on
     * {@code vigil_events_late_total} and reported here: the 1st, 10th, 100th, 1,000th and then every 10,000th of this
     * processor, with an example, so a lagging producer shows in the log without flooding it.
     */
    private void reportLate(AgentEvent event, long lateByMs) {
        lateSeen++;
        if (lateSeen == 1 || lateSeen == 10 || lateSeen == 100 || lateSeen == 1_000 || lateSeen % 10_000 == 0) {
            LOG.warn("{} late event(s) so far on this task, beyond the {} grace: kept out of windowed baselines and counted "
                            + "on vigil_events_late_total; latest: event {} of agent {}, {} ms behind the agent's newest",
                    lateSeen, settings.grace(), event.getEventId(), event.getAgentId(), lateByMs);
        }
    }

    private AgentProfile profile(String agentId) {
        ValueAndTimestamp<AgentProfile> profile = profiles.get(agentId);
        return profile == null ? null : profile.value();
    }

    private void emit(AgentState state, AgentProfile profile, Alert alert, long time) {
        metrics.alertEmitted(alert.getRuleId(), alert.getSeverity());
        context.forward(new Record<>(alert.getAgentId(), alert, time));
        CircuitBreaker.onAlert(state, alert, settings.parameters(), profile == null ? null : profile.getSettings())
                .ifPresent(move -> Outputs.forward(context, AgentStatuses.stamped(move, state, profile), time, metrics));
    }

    /** True when a false-positive resolution keeps {@code ruleId} quiet for this agent at {@code time}; counted. */
    private boolean quieted(AgentState state, String ruleId, long time) {
        if (!state.hasSection(FalsePositives.SECTION.name()) || !state.section(FalsePositives.SECTION).isQuiet(ruleId, time)) {
            return false;
        }
        metrics.findingQuieted(ruleId);
        return true;
    }

    /** Keeps the agent's delegated children, for the circuit breaker's cascade. */
    private static void trackChildren(AgentState state, AgentEvent event) {
        if (event.getPayload() instanceof DelegationPayload delegation && event.getOutcome() == Outcome.success) {
            if (delegation.getAction() == DelegationAction.create) {
                state.section(Children.SECTION).add(delegation.getChildAgentId());
            } else {
                state.section(Children.SECTION).remove(delegation.getChildAgentId());
            }
        }
    }

    private void evictIdleAgents(long streamTime) {
        if (newestEventTime == Long.MIN_VALUE) {
            return;
        }
        long cutoff = Math.min(streamTime, newestEventTime) - settings.stateRetention().toMillis();
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, AgentState> all = states.all()) {
            while (all.hasNext()) {
                KeyValue<String, AgentState> entry = all.next();
                if (entry.value.lastEventAt() < cutoff && entry.value.breaker() != BreakerState.HALTED
                        && entry.value.breaker() != BreakerState.KILLED) {
                    idle.add(entry.key);
                }
            }
        }
        idle.forEach(states::delete);
    }
}
