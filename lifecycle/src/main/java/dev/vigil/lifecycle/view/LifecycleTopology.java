package dev.vigil.lifecycle.view;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.SerdeFactory;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The lifecycle service's views: {@code vigil.alerts.v1} and {@code vigil.alert-events.v1} folded into the
 * queryable store {@value #ALERT_VIEW_STORE}, keyed by alertId; and {@code vigil.rules.v1} kept in the global store
 * {@value #RULES_STORE}, keyed by ruleId.
 *
 * <pre>
 * alerts-source       → decode-alerts       ┐
 *                                           ├→ alert-view (alert-view-store)
 * alert-events-source → decode-alert-events ┘
 *
 * rules-source → rules-view (rules-store, global)
 * </pre>
 *
 * <p>Assumption: both alert topics are keyed by agentId with the same partition count (DESIGN.md's topic table;
 * {@code TopicBootstrap} checks it), so an alert and its events meet in the same task and one processor handles
 * both without a repartition. A lifecycle event written with another key or to a topic with a different partition
 * count would find no alert there and be counted as {@link SkippedRecords#UNKNOWN_ALERT}.
 *
 * <p>The rules are few and every instance needs all of them to answer the rules API, hence a global store. It is
 * kept in memory and rebuilt from the compacted topic at start ({@link RulesViewProcessor}); it has no changelog.
 *
 * <p>Values are read as bytes and decoded in a named processor ({@link DecodingProcessor},
 * {@link RulesViewProcessor}), so bad bytes on any topic are counted and passed over, never a crash. Every node
 * name is a constant: renaming one renames the changelog topic and is a reviewed change (see the golden test of
 * {@code describe()}).
 */
public final class LifecycleTopology {

    public static final String ALERTS_SOURCE = "alerts-source";
    public static final String ALERT_EVENTS_SOURCE = "alert-events-source";
    public static final String DECODE_ALERTS = "decode-alerts";
    public static final String DECODE_ALERT_EVENTS = "decode-alert-events";
    public static final String ALERT_VIEW = "alert-view";
    public static final String ALERT_VIEW_STORE = "alert-view-store";
    public static final String RULES_SOURCE = "rules-source";
    public static final String RULES_VIEW = "rules-view";
    public static final String RULES_STORE = "rules-store";

    private LifecycleTopology() {
    }

    public static Topology build(Topics topics, SerdeFactory serdes) {
        Topology topology = new Topology();
        addAlertView(topology, topics, serdes);
        addRulesView(topology, topics, serdes);
        return topology;
    }

    private static void addAlertView(Topology topology, Topics topics, SerdeFactory serdes) {
        topology.addSource(ALERTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.alerts());
        topology.addSource(ALERT_EVENTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                topics.alertEvents());
        topology.addProcessor(DECODE_ALERTS,
                () -> new DecodingProcessor<>(DECODE_ALERTS, topics.alerts(),
                        serdes.valueSerde(Alert.class).deserializer()),
                ALERTS_SOURCE);
        topology.addProcessor(DECODE_ALERT_EVENTS,
                () -> new DecodingProcessor<>(DECODE_ALERT_EVENTS, topics.alertEvents(),
                        serdes.valueSerde(AlertLifecycleEvent.class).deserializer()),
                ALERT_EVENTS_SOURCE);
        topology.addProcessor(ALERT_VIEW, () -> new AlertViewProcessor(ALERT_VIEW, ALERT_VIEW_STORE),
                DECODE_ALERTS, DECODE_ALERT_EVENTS);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ALERT_VIEW_STORE), Serdes.String(), new AlertViewSerde()), ALERT_VIEW);
    }

    private static void addRulesView(Topology topology, Topics topics, SerdeFactory serdes) {
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RULES_STORE), Serdes.String(),
                        new StoredRule.StoreSerde()).withLoggingDisabled(),
                RULES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.rules(), RULES_VIEW,
                () -> new RulesViewProcessor(RULES_VIEW, topics.rules(), RULES_STORE,
                        serdes.valueSerde(RuleDefinition.class).deserializer()));
    }
}
