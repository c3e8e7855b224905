package dev.vigil.lifecycle.view;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.RuleDefinition;
import dev.vigil.avro.Silence;
import dev.vigil.core.config.Topics;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.notifier.silence.SilenceSpec;
import dev.vigil.serde.SerdeFactory;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The lifecycle service's views: {@code vigil.alerts.v1} and {@code vigil.alert-events.v1} folded into the
 * queryable store {@value #ALERT_VIEW_STORE}, keyed by alertId; the delivery ledger {@code vigil.notifications.v1} in
 * {@value #NOTIFICATION_VIEW_STORE}, keyed by alertId; {@code vigil.rules.v1} kept in the global store
 * {@value #RULES_STORE}, keyed by ruleId; {@code vigil.channels.v1} in the global store {@value #CHANNELS_STORE}, keyed
 * by channel name; and {@code vigil.silences.v1} in the global store {@value #SILENCES_STORE}, keyed by silenceId.
 *
 * <pre>
 * alerts-source       → decode-alerts       ┐
 *                                           ├→ alert-view (alert-view-store, alert-order-store)
 * alert-events-source → decode-alert-events ┤
 *                                           └→ incident-view (incident-view-store, incident-current-store,
 *                                                             incident-alerts-store; IncidentViewProcessor)
 *
 * notifications-source → decode-notifications → notification-view (notification-view-store)
 *
 * rules-source    → rules-view    (rules-store, global)
 * channels-source → channels-view (channels-store, global)
 * silences-source → silences-view (silences-store, global)
 * agents-source       → agents-view       (agents-store, global)
 * agent-status-source → agent-status-view (agent-status-store, global)
 * </pre>
 *
 * <p>Assumption: both alert topics are keyed by agentId with the same partition count (DESIGN.md's topic table;
 * {@code TopicBootstrap} checks it), so an alert and its events meet in the same task and one processor handles
 * both without a repartition. A lifecycle event written with another key or to a topic with a different partition
 * count would find no alert there and be counted as {@link SkippedRecords#UNKNOWN_ALERT}.
 *
 * <p>The rules are few and every instance needs all of them to answer the rules API, hence a global store. It is
 * kept in memory and rebuilt from the compacted topic at start ({@link RulesViewProcessor}); it has no changelog.
 * Channels and silences are few too and are kept the same way ({@link RecordViewProcessor}), each record validated
 * with the notifier's own model ({@link ChannelSpecs}, {@link SilenceSpec}). The agent registry and the agents'
 * circuit-breaker states are global stores as well, so that every instance answers agent queries ({@link AgentViews}).
 *
 * <p>The live stream is not fed here: every instance reads every partition of the alert topics for it, outside Kafka
 * Streams ({@code dev.vigil.lifecycle.stream.JournalFeeder}), so each streams every event.
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
    /** The alert view in list order ({@link AlertOrderIndex}), beside the view store. */
    public static final String ALERT_ORDER_STORE = "alert-order-store";
    public static final String NOTIFICATIONS_SOURCE = "notifications-source";
    public static final String DECODE_NOTIFICATIONS = "decode-notifications";
    public static final String NOTIFICATION_VIEW = "notification-view";
    public static final String NOTIFICATION_VIEW_STORE = "notification-view-store";
    public static final String RULES_SOURCE = "rules-source";
    public static final String RULES_VIEW = "rules-view";
    public static final String RULES_STORE = "rules-store";
    public static final String CHANNELS_SOURCE = "channels-source";
    public static final String CHANNELS_VIEW = "channels-view";
    public static final String CHANNELS_STORE = "channels-store";
    public static final String SILENCES_SOURCE = "silences-source";
    public static final String SILENCES_VIEW = "silences-view";
    public static final String SILENCES_STORE = "silences-store";
    public static final String INCIDENT_VIEW = "incident-view";
    public static final String INCIDENT_VIEW_STORE = "incident-view-store";
    public static final String INCIDENT_CURRENT_STORE = "incident-current-store";
    public static final String INCIDENT_ALERTS_STORE = "incident-alerts-store";
    public static final String AGENTS_SOURCE = "agents-source";
    public static final String AGENTS_VIEW = "agents-view";
    public static final String AGENTS_STORE = "agents-store";
    public static final String AGENT_STATUS_SOURCE = "agent-status-source";
    public static final String AGENT_STATUS_VIEW = "agent-status-view";
    public static final String AGENT_STATUS_STORE = "agent-status-store";

    private LifecycleTopology() {
    }

    /** The views, channels judged by the channel types Vigil ships ({@link ChannelSpecs#STANDARD}) (for tests). */
    public static Topology build(Topics topics, SerdeFactory serdes) {
        return build(topics, serdes, ChannelSpecs.STANDARD);
    }

    /** The views, with a tally of alert statuses that nobody reads and the default incident gap (for tests). */
    public static Topology build(Topics topics, SerdeFactory serdes, ChannelSpecs channels) {
        return build(topics, serdes, channels, new AlertTally(), IncidentViewProcessor.DEFAULT_GAP);
    }

    /**
     * The views; the alert view keeps {@code tally} of its statuses (Prometheus gauges), and alerts are grouped into
     * incidents with {@code incidentGap} ({@link IncidentViewProcessor}).
     */
    public static Topology build(Topics topics, SerdeFactory serdes, ChannelSpecs channels, AlertTally tally,
                                 java.time.Duration incidentGap) {
        Topology topology = new Topology();
        addAlertView(topology, topics, serdes, tally);
        IncidentViewProcessor.addTo(topology, INCIDENT_VIEW, incidentGap, DECODE_ALERTS, DECODE_ALERT_EVENTS);
        addNotificationView(topology, topics, serdes);
        addRulesView(topology, topics, serdes);
        addChannelsView(topology, topics, serdes, channels);
        addSilencesView(topology, topics, serdes);
        AgentViews.add(topology, topics, serdes);
        return topology;
    }

    private static void addAlertView(Topology topology, Topics topics, SerdeFactory serdes, AlertTally tally) {
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
        topology.addProcessor(ALERT_VIEW, () -> new AlertViewProcessor(ALERT_VIEW, ALERT_VIEW_STORE, ALERT_ORDER_STORE,
                        tally), DECODE_ALERTS, DECODE_ALERT_EVENTS);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ALERT_VIEW_STORE), Serdes.String(), new AlertViewSerde()), ALERT_VIEW);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERT_ORDER_STORE),
                Serdes.String(), new AlertOrderIndex.EntrySerde()), ALERT_VIEW);
    }

    /** The delivery ledger per alertId, for the alert timeline ({@link NotificationViewProcessor}). */
    private static void addNotificationView(Topology topology, Topics topics, SerdeFactory serdes) {
        topology.addSource(NOTIFICATIONS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                topics.notifications());
        topology.addProcessor(DECODE_NOTIFICATIONS,
                () -> new DecodingProcessor<>(DECODE_NOTIFICATIONS, topics.notifications(),
                        serdes.valueSerde(NotificationRecord.class).deserializer()),
                NOTIFICATIONS_SOURCE);
        topology.addProcessor(NOTIFICATION_VIEW, () -> new NotificationViewProcessor(NOTIFICATION_VIEW,
                NOTIFICATION_VIEW_STORE), DECODE_NOTIFICATIONS);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NOTIFICATION_VIEW_STORE),
                Serdes.String(), new NotificationViewSerde()), NOTIFICATION_VIEW);
    }

    private static void addRulesView(Topology topology, Topics topics, SerdeFactory serdes) {
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RULES_STORE), Serdes.String(),
                        new StoredRule.StoreSerde()).withLoggingDisabled(),
                RULES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.rules(), RULES_VIEW,
                () -> new RulesViewProcessor(RULES_VIEW, topics.rules(), RULES_STORE,
                        serdes.valueSerde(RuleDefinition.class).deserializer()));
    }

    private static void addChannelsView(Topology topology, Topics topics, SerdeFactory serdes, ChannelSpecs channels) {
        RecordViewProcessor.Kind<ChannelConfig> kind = new RecordViewProcessor.Kind<>("channel",
                SkippedRecords.INVALID_CHANNEL, ChannelConfig::getName, channels::validate);
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CHANNELS_STORE), Serdes.String(),
                        new StoredRecord.StoreSerde<>(ChannelConfig.getEncoder(), ChannelConfig.getDecoder()))
                        .withLoggingDisabled(),
                CHANNELS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.channels(), CHANNELS_VIEW,
                () -> new RecordViewProcessor<>(CHANNELS_VIEW, topics.channels(), CHANNELS_STORE,
                        serdes.valueSerde(ChannelConfig.class).deserializer(), kind));
    }

    private static void addSilencesView(Topology topology, Topics topics, SerdeFactory serdes) {
        RecordViewProcessor.Kind<Silence> kind = new RecordViewProcessor.Kind<>("silence",
                SkippedRecords.INVALID_SILENCE, Silence::getSilenceId, SilenceSpec::fromRecord);
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SILENCES_STORE), Serdes.String(),
                        new StoredRecord.StoreSerde<>(Silence.getEncoder(), Silence.getDecoder()))
                        .withLoggingDisabled(),
                SILENCES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.silences(), SILENCES_VIEW,
                () -> new RecordViewProcessor<>(SILENCES_VIEW, topics.silences(), SILENCES_STORE,
                        serdes.valueSerde(Silence.class).deserializer(), kind));
    }
}
