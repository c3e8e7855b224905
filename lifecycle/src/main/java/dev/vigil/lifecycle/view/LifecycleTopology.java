package dev.vigil.lifecycle.view;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.SerdeFactory;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The alert view: {@code vigil.alerts.v1} and {@code vigil.alert-events.v1} folded into the queryable store
 * {@value #ALERT_VIEW_STORE}, keyed by alertId.
 *
 * <pre>
 * alerts-source       → decode-alerts       ┐
 *                                           ├→ alert-view (alert-view-store)
 * alert-events-source → decode-alert-events ┘
 * </pre>
 *
 * <p>Assumption: both topics are keyed by agentId with the same partition count (DESIGN.md's topic table;
 * {@code TopicBootstrap} checks it), so an alert and its events meet in the same task and one processor handles
 * both without a repartition. A lifecycle event written with another key or to a topic with a different partition
 * count would find no alert there and be counted as {@link SkippedRecords#UNKNOWN_ALERT}.
 *
 * <p>Values are read as bytes and decoded in a named processor ({@link DecodingProcessor}), so bad bytes on either
 * topic are counted and passed over, never a crash. Every node name is a constant: renaming one renames the
 * changelog topic and is a reviewed change (see the golden test of {@code describe()}).
 */
public final class LifecycleTopology {

    public static final String ALERTS_SOURCE = "alerts-source";
    public static final String ALERT_EVENTS_SOURCE = "alert-events-source";
    public static final String DECODE_ALERTS = "decode-alerts";
    public static final String DECODE_ALERT_EVENTS = "decode-alert-events";
    public static final String ALERT_VIEW = "alert-view";
    public static final String ALERT_VIEW_STORE = "alert-view-store";

    private LifecycleTopology() {
    }

    public static Topology build(Topics topics, SerdeFactory serdes) {
        Topology topology = new Topology();
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
        return topology;
    }
}
