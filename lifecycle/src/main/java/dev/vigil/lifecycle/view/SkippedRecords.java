package dev.vigil.lifecycle.view;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Why a view (alerts, rules, channels, silences, agents, agent statuses) passed over a record, each counted as a Kafka Streams metric
 * ({@code <reason>-total} and {@code -rate} in group {@value #GROUP}, tagged with the processor node), so that
 * nothing is dropped without a trace: {@code KafkaStreamsMetrics} carries them to {@code /metrics}, and tests read
 * them from {@code TopologyTestDriver#metrics()}.
 */
public enum SkippedRecords {
    /** Bytes that are not a record of the topic's type (poison pill, wrong schema, registry miss). */
    UNDECODABLE("undecodable-records"),
    /** A record with no value (a tombstone on a topic that has none). */
    EMPTY("empty-records"),
    /** A lifecycle event for an alert the view has never seen. */
    UNKNOWN_ALERT("unknown-alert-events"),
    /** An incident update for an incident the incident view does not hold (or of another tenant). */
    UNKNOWN_INCIDENT("unknown-incident-events"),
    /**
     * A lifecycle event that {@link Transitions} does not allow from the alert's status, or an incident update that
     * {@link IncidentTransitions} does not allow from the incident's.
     */
    ILLEGAL_TRANSITION("illegal-transition-events"),
    /** A lifecycle event already applied (a redelivery). */
    DUPLICATE("duplicate-events"),
    /** A view removed because nothing touched it for the view retention. */
    EXPIRED("expired-views"),
    /**
     * A record of {@code vigil.rules.v1} that the rules view does not take: bytes that are not a
     * {@code RuleDefinition}, a rule that {@code RuleJson} refuses, or a key that is not the record's ruleId.
     */
    INVALID_RULE("invalid-rule-records"),
    /**
     * A record of {@code vigil.channels.v1} that the channels view does not take: bytes that are not a
     * {@code ChannelConfig}, a config that {@code ChannelSpecs} refuses, or a key that is not the record's name.
     */
    INVALID_CHANNEL("invalid-channel-records"),
    /**
     * A record of {@code vigil.silences.v1} that the silences view does not take: bytes that are not a
     * {@code Silence}, a silence that {@code SilenceSpec} refuses, or a key that is not the record's silenceId.
     */
    INVALID_SILENCE("invalid-silence-records"),
    /**
     * A record of {@code vigil.agents.v1} that the agents view does not take: bytes that are not an
     * {@code AgentProfile}, or a key that is not the record's agentId.
     */
    INVALID_AGENT("invalid-agent-records"),
    /**
     * A record of {@code vigil.agent-status.v1} that the agent-status view does not take: bytes that are not an
     * {@code AgentStatus}, or a key that is not the record's agentId.
     */
    INVALID_AGENT_STATUS("invalid-agent-status-records");

    /** The Streams metric scope: the metrics' group is {@code stream-<scope>-metrics}. */
    public static final String SCOPE = "vigil-lifecycle";
    public static final String GROUP = "stream-" + SCOPE + "-metrics";

    private final String operation;

    SkippedRecords(String operation) {
        this.operation = operation;
    }

    /** The name of the cumulative count metric. */
    public String totalMetric() {
        return operation + "-total";
    }

    /** This reason's sensor for processor {@code node}; the same sensor when asked again. */
    Sensor sensor(ProcessingContext context, String node) {
        return context.metrics().addRateTotalSensor(SCOPE, node, operation, Sensor.RecordingLevel.INFO);
    }
}
