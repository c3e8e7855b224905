package dev.vigil.topology;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.topology.feedback.FeedbackProcessor;
import dev.vigil.topology.ingest.DeadLetterProcessor;
import dev.vigil.topology.ingest.DecodeProcessor;
import dev.vigil.topology.ingest.Decoded;
import dev.vigil.topology.ingest.OccurredAtExtractor;
import dev.vigil.topology.ingest.RecordDecoder;
import dev.vigil.topology.ingest.RekeyProcessor;
import dev.vigil.topology.ingest.Validation;
import dev.vigil.topology.rules.RuleBook;
import dev.vigil.topology.rules.RulesProcessor;
import dev.vigil.topology.state.AgentState;
import dev.vigil.topology.state.AgentStateSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The detection topology, as a pure function of its inputs: {@link #build} returns a {@link Topology} and
 * starts nothing (only {@link TopologyApp} creates {@code KafkaStreams}; tests and {@code vigil replay} run the
 * same topology in a {@code TopologyTestDriver}). Every node and store is named by a constant below, because
 * generated names shift when the topology changes and would rename changelog and repartition topics; the
 * golden test of {@link Topology#describe()} makes every rename a reviewed change.
 *
 * <pre>
 * vigil.events.v1 ── decode ──┬─ invalid ── dead-letter ──────────────────────► vigil.events.dlq.v1
 *  (bytes; record time        ├─ key == agentId ────────────────────────────┐
 *   = occurredAt)             └─ key null/wrong ── rekey ── events-by-agent ┤ merge
 *                                                      (repartition)        │
 *                                                                           ▼
 * vigil.agents.v1 ──► agents-store (global) ·············· looked up by ── detect ──► vigil.alerts.v1
 * vigil.rules.v1 ──► rules-table ─► rules-store (global) + RuleBook ·· read by ┤
 *                                                                           │ agent-state-store ├► vigil.agent-status.v1
 * vigil.alert-events.v1 ── decode ──┬─ invalid ── dead-letter ──► DLQ       │                   └► vigil.alert-events.v1
 *  (bytes)                          └─ valid ── apply-feedback ─────────────┘   (breaker moves and cascade commands,
 *                                                                                 from detect and from apply-feedback)
 * </pre>
 *
 * <p><b>Keys.</b> Producers should key events by agentId with Kafka's default partitioner; such records go
 * straight to detection. A record with a null or different key is re-keyed through the one repartition topic,
 * which Kafka Streams sizes like the events topic and fills with the default partitioner, so its records land
 * in the task that owns the agent. (A producer that keys by agentId but uses a custom partitioner breaks this
 * assumption; its records would reach the wrong task.) {@code vigil.alert-events.v1} must have the same
 * partition count as {@code vigil.events.v1}: feedback updates the same per-agent state.
 *
 * <p><b>Registry.</b> {@code vigil.agents.v1} is read as a global table rather than a co-partitioned KTable on
 * purpose: a global table is fully bootstrapped before any event is processed, whereas a KTable is joined in
 * timestamp order — in a replay or a backlog, an event older than its agent's profile record would find no
 * profile and raise {@code unknown_agent} only because the profile was written after the event happened.
 * Profiles are few and small, so a full copy per instance is cheap.
 *
 * <p><b>Bad input.</b> Both event sources read bytes, and a decode step turns every record into a value or a
 * failure; failures go to the DLQ with their original key, bytes and headers plus the reason headers, and are
 * counted. Nothing crashes the app and nothing disappears.
 */
public final class VigilTopology {

    public static final String EVENTS_SOURCE = "events-source";
    public static final String EVENTS_DECODE = "events-decode";
    public static final String EVENTS_ROUTE = "events-route";
    public static final String INVALID_BRANCH = "-invalid";
    public static final String KEYED_BRANCH = "-keyed";
    public static final String MISKEYED_BRANCH = "-miskeyed";
    public static final String EVENTS_DEAD_LETTER = "events-dead-letter";
    public static final String EVENTS_DLQ_SINK = "events-dlq-sink";
    public static final String EVENTS_KEYED = "events-keyed";
    public static final String EVENTS_REKEY = "events-rekey";
    /** The one repartition; its topic is {@code <application.id>-events-by-agent-repartition}. */
    public static final String EVENTS_BY_AGENT = "events-by-agent";
    public static final String EVENTS_MERGE = "events-merge";
    public static final String DETECT = "detect";
    /** Splits detection's output: alerts, agent statuses, cascade commands (sinks {@code detect-out-*-sink}). */
    public static final String DETECT_OUT = "detect-out";

    /** The global table's processor; its source node is {@code agents-table-source}. */
    public static final String AGENTS_TABLE = "agents-table";
    public static final String AGENTS_STORE = "agents-store";

    public static final String ALERT_EVENTS_SOURCE = "alert-events-source";
    public static final String ALERT_EVENTS_DECODE = "alert-events-decode";
    public static final String ALERT_EVENTS_ROUTE = "alert-events-route";
    public static final String VALID_BRANCH = "-valid";
    public static final String ALERT_EVENTS_DEAD_LETTER = "alert-events-dead-letter";
    public static final String ALERT_EVENTS_DLQ_SINK = "alert-events-dlq-sink";
    public static final String ALERT_EVENTS_VALID = "alert-events-valid";
    public static final String APPLY_FEEDBACK = "apply-feedback";
    /** Splits feedback's output: agent statuses and cascade commands. */
    public static final String FEEDBACK_OUT = "feedback-out";

    /** The global store of the rules topic's valid records; its processor keeps the {@link RuleBook}. */
    public static final String RULES_STORE = "rules-store";
    /** The global store's processor; its source node is {@code rules-table-source}. */
    public static final String RULES_TABLE = "rules-table";

    /** Per-agent detection state, changelogged ({@code <application.id>-agent-state-store-changelog}). */
    public static final String AGENT_STATE_STORE = "agent-state-store";

    private VigilTopology() {
    }

    public static Topology build(Topics topics, SerdeFactory serdes, DetectionSettings settings, TopologyMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(AGENT_STATE_STORE), Serdes.String(), new AgentStateSerde())
                .withCachingEnabled());
        agentRegistry(builder, topics, serdes);
        RuleBook rules = new RuleBook();
        KStream<String, AgentEvent> events = events(builder, topics, serdes, metrics::deadLettered);
        KStream<String, SpecificRecord> detected = events.process(
                () -> new DetectionProcessor(AGENT_STATE_STORE, AGENTS_STORE, Detectors.builtIn(), rules, settings, metrics),
                Named.as(DETECT), AGENT_STATE_STORE);
        Outputs.route(detected, DETECT_OUT, topics, serdes, true);
        feedback(builder, topics, serdes, metrics, settings);
        rules(builder, topics, serdes, metrics, rules);
        return builder.build();
    }

    private static void agentRegistry(StreamsBuilder builder, Topics topics, SerdeFactory serdes) {
        Serde<AgentProfile> profiles = serdes.valueSerde(AgentProfile.class);
        builder.globalTable(topics.agents(), Consumed.with(Serdes.String(), profiles).withName(AGENTS_TABLE),
                Materialized.<String, AgentProfile, KeyValueStore<Bytes, byte[]>>as(AGENTS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(profiles));
    }

    /**
     * The rules topic as a global store read by {@link RulesProcessor}, which keeps {@code book} current on the
     * global thread; every detection task of this instance reads the same book. Added last, so the sub-topologies
     * that have tasks keep their numbers (and their local state) from before rules existed.
     */
    private static void rules(StreamsBuilder builder, Topics topics, SerdeFactory serdes, TopologyMetrics metrics,
                              RuleBook book) {
        metrics.watchRules(book);
        Deserializer<RuleDefinition> deserializer = serdes.valueSerde(RuleDefinition.class).deserializer();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RULES_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(), topics.rules(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(RULES_TABLE),
                () -> new RulesProcessor(RULES_STORE, topics.rules(), deserializer, book, metrics::ruleRejected));
    }

    /** Decoded, valid events keyed by agentId: the direct branch merged with the re-keyed one. */
    private static KStream<String, AgentEvent> events(StreamsBuilder builder, Topics topics, SerdeFactory serdes,
                                                      Consumer<String> onDeadLetter) {
        KStream<String, Decoded<AgentEvent>> decoded = decodedStream(builder, topics.events(), AgentEvent.class,
                EVENTS_SOURCE, EVENTS_DECODE, serdes, AgentEvent::getOccurredAt, Validation::agentEvent);
        Map<String, KStream<String, Decoded<AgentEvent>>> routes = decoded.split(Named.as(EVENTS_ROUTE))
                .branch((key, value) -> value.failed(), Branched.as(INVALID_BRANCH))
                .branch((key, value) -> keyedByAgent(value), Branched.as(KEYED_BRANCH))
                .defaultBranch(Branched.as(MISKEYED_BRANCH));
        routes.get(EVENTS_ROUTE + INVALID_BRANCH)
                .process(() -> new DeadLetterProcessor<AgentEvent>(onDeadLetter), Named.as(EVENTS_DEAD_LETTER))
                .to(topics.eventsDlq(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(EVENTS_DLQ_SINK));
        KStream<String, AgentEvent> keyed = routes.get(EVENTS_ROUTE + KEYED_BRANCH)
                .mapValues(Decoded::value, Named.as(EVENTS_KEYED));
        KStream<String, AgentEvent> rekeyed = routes.get(EVENTS_ROUTE + MISKEYED_BRANCH)
                .process(RekeyProcessor::new, Named.as(EVENTS_REKEY))
                .repartition(Repartitioned.with(Serdes.String(), serdes.valueSerde(AgentEvent.class)).withName(EVENTS_BY_AGENT));
        return keyed.merge(rekeyed, Named.as(EVENTS_MERGE));
    }

    private static void feedback(StreamsBuilder builder, Topics topics, SerdeFactory serdes, TopologyMetrics metrics,
                                 DetectionSettings settings) {
        Consumer<String> onDeadLetter = metrics::deadLettered;
        KStream<String, Decoded<AlertLifecycleEvent>> decoded = decodedStream(builder, topics.alertEvents(),
                AlertLifecycleEvent.class, ALERT_EVENTS_SOURCE, ALERT_EVENTS_DECODE, serdes,
                AlertLifecycleEvent::getOccurredAt, Validation::lifecycleEvent);
        Map<String, KStream<String, Decoded<AlertLifecycleEvent>>> routes = decoded.split(Named.as(ALERT_EVENTS_ROUTE))
                .branch((key, value) -> value.failed(), Branched.as(INVALID_BRANCH))
                .defaultBranch(Branched.as(VALID_BRANCH));
        routes.get(ALERT_EVENTS_ROUTE + INVALID_BRANCH)
                .process(() -> new DeadLetterProcessor<AlertLifecycleEvent>(onDeadLetter), Named.as(ALERT_EVENTS_DEAD_LETTER))
                .to(topics.eventsDlq(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(ALERT_EVENTS_DLQ_SINK));
        KStream<String, SpecificRecord> moves = routes.get(ALERT_EVENTS_ROUTE + VALID_BRANCH)
                .mapValues(Decoded::value, Named.as(ALERT_EVENTS_VALID))
                .process(() -> new FeedbackProcessor(AGENT_STATE_STORE, AGENTS_STORE, metrics, settings),
                        Named.as(APPLY_FEEDBACK), AGENT_STATE_STORE);
        Outputs.route(moves, FEEDBACK_OUT, topics, serdes, false);
    }

    private static <V extends SpecificRecord> KStream<String, Decoded<V>> decodedStream(
            StreamsBuilder builder, String topic, Class<V> type, String sourceName, String decodeName, SerdeFactory serdes,
            Function<V, Instant> occurredAt, Consumer<V> validator) {
        OccurredAtExtractor<V> eventTime = new OccurredAtExtractor<>(serdes.valueSerde(type).deserializer(), occurredAt);
        return builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withTimestampExtractor(eventTime).withName(sourceName))
                .process(() -> new DecodeProcessor<>(topic,
                                new RecordDecoder<>(type.getSimpleName(), serdes.valueSerde(type).deserializer(), validator)),
                        Named.as(decodeName));
    }

    /** True when the record's key is already its agentId, so it is in the agent's partition (default partitioner). */
    private static boolean keyedByAgent(Decoded<AgentEvent> decoded) {
        byte[] key = decoded.rawKey();
        return key != null && Arrays.equals(key, decoded.value().getAgentId().getBytes(StandardCharsets.UTF_8));
    }
}
