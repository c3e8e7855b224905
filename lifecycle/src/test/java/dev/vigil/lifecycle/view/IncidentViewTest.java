package dev.vigil.lifecycle.view;

import static dev.vigil.lifecycle.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grouping alerts into incidents and applying incident updates, through the lifecycle topology. */
class IncidentViewTest {

    private static final String AGENT = "did:web:agent-1";
    private static final String OTHER_AGENT = "did:web:agent-2";
    private static final Duration GAP = Duration.ofMinutes(30);
    private static final Instant WALL_CLOCK = Instant.parse("2025-03-02T00:00:00Z");

    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://incident-view-" + UUID.randomUUID());
    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Alert> alerts;
    private TestInputTopic<String, AlertLifecycleEvent> events;
    private KeyValueStore<String, Incident> incidents;
    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        driver = newDriver("first");
        alerts = driver.createInputTopic(topics.alerts(), new StringSerializer(),
                serdes.valueSerde(Alert.class).serializer());
        events = driver.createInputTopic(topics.alertEvents(), new StringSerializer(),
                serdes.valueSerde(AlertLifecycleEvent.class).serializer());
        incidents = driver.getKeyValueStore(LifecycleTopology.INCIDENT_VIEW_STORE);
    }

    @AfterEach
    void closeDrivers() {
        drivers.forEach(TopologyTestDriver::close);
    }

    // ---- grouping ----

    @Test
    void theFirstAlertOpensAnIncidentNamedByTheHashOfTenantAgentAndAlert() throws Exception {
        alerts.pipeInput(AGENT, alert("a-1", AGENT, Severity.high, T0));

        String expected = "inc_" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("tenant-a\n" + AGENT + "\na-1").getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        Incident incident = incidents.get(expected);
        assertThat(incident).isNotNull();
        assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.tenantId()).isEqualTo("tenant-a");
        assertThat(incident.agentId()).isEqualTo(AGENT);
        assertThat(incident.alertIds()).containsExactly("a-1");
        assertThat(incident.alertCount()).isEqualTo(1);
        assertThat(incident.firstAlertAt()).isEqualTo(T0);
        assertThat(incident.lastAlertAt()).isEqualTo(T0);
        assertThat(incident.updatedAt()).isEqualTo(WALL_CLOCK);
    }

    @Test
    void anAlertExactlyTheGapAfterTheLatestJoins() {
        alerts.pipeInput(AGENT, alert("a-1", AGENT, Severity.low, T0));
        alerts.pipeInput(AGENT, alert("a-2", AGENT, Severity.critical, T0.plus(GAP)));
        alerts.pipeInput(AGENT, alert("a-3", AGENT, Severity.medium, T0.plus(GAP).plus(GAP)));

        Incident incident = single();
        assertThat(incident.alertIds()).containsExactly("a-1", "a-2", "a-3");
        assertThat(incident.alertCount()).isEqualTo(3);
        assertThat(incident.severity()).as("the highest of its alerts").isEqualTo(Severity.critical);
        assertThat(incident.firstAlertAt()).isEqualTo(T0);
        assertThat(incident.lastAlertAt()).isEqualTo(T0.plus(GAP).plus(GAP));
    }

    @Test
    void anAlertOneMillisecondPastTheGapOpensANewIncidentWhichLaterAlertsJoin() {
        alerts.pipeInput(AGENT, alert("a-1", AGENT, Severity.high, T0));
        Instant past = T0.plus(GAP).plusMillis(1);
        alerts.pipeInput(AGENT, alert("a-2", AGENT, Severity.low, past));
        alerts.pipeInput(AGENT, alert("a-3", AGENT, Severity.low, past.plusSeconds(60)));

        assertThat(incidentOf("a-1").alertIds()).containsExactly("a-1");
        assertThat(incidentOf("a-2").alertIds()).containsExactly("a-2", "a-3");
        assertThat(incidentOf("a-2").severity()).isEqualTo(Severity.low);
        assertThat(all()).hasSize(2);
    }

    @Test
    void anotherAgentsAlertsGoToTheirOwnIncident() {
        alerts.pipeInput(AGENT, alert("a-1", AGENT, Severity.high, T0));
        alerts.pipeInput(OTHER_AGENT, alert("b-1", OTHER_AGENT, Severity.high, T0.plusSeconds(1)));

        assertThat(incidentOf("a-1").alertIds()).containsExactly("a-1");
        assertThat(incidentOf("b-1").alertIds()).containsExactly("b-1");
        assertThat(incidentOf("b-1").agentId()).isEqualTo(OTHER_AGENT);
    }

    @Test
    void theSameAgentIdInAnotherTenantIsAnotherIncident() {
        alerts.pipeInput(AGENT, alert("a-1", AGENT, Severity.high, T0));
        alerts.pipeInput(AGENT, Alert.newBuilder(alert("x-1", AGENT, Severity.high, T0.plusSeconds(1)))
                .setTenantId("tenant-b").build());

        assertThat(incidentOf("a-1").alertIds()).containsExactly("a-1");
        assertThat(incidentOf("x-1").tenantId()).isEqualTo("tenant-b");
        assertThat(incidentOf("x-1").alertIds()).containsExactly("x-1");
    }

    @Test
    void afterTheIncidentIsClosedTheNextAlertOpensANewOneEvenWithinTheGap() {
        alerts.pipeInput(AGENT, alert("a-1", AGENT, Severity.high, T0));
        String first = idOf("a-1");
        events.pipeInput(AGENT, update(first, "closed", "false alarm", T0.plusSeconds(30)));

        alerts.pipeInput(AGENT, alert("a-2", AGENT, Severity.high, T0.plusSeconds(60)));

        assertThat(incidents.get(first).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(incidents.get(first).alertIds()).containsExactly("a-1");
        assertThat(incidentOf("a-2").incidentId()).isNotEqualTo(first);
        assertThat(incidentOf("a-2").status()).isEqualTo(IncidentStatus.OPEN);
    }

    @Test
    void aReEmittedAlertStaysInItsIncidentAfterANewOneOpened() {
        Alert first = alert("a-1", AGENT, Severity.medium, T0);
        alerts.pipeInput(AGENT, first);
        alerts.pipeInput(AGENT, alert("a-2", AGENT, Severity.low, T0.plus(GAP).plusSeconds(1)));

        alerts.pipeInput(AGENT, Alert.newBuilder(Fixtures.reEmitted(first, 5, T0.plus(GAP).plusSeconds(2)))
                .setSeverity(Severity.critical).build());

        assertThat(incidentOf("a-1").incidentId()).isEqualTo(idOf("a-1"));
        assertThat(incidentOf("a-1").alertIds()).containsExactly("a-1");
        assertThat(incidentOf("a-1").alertCount()).isEqualTo(1);
        assertThat(incidentOf("a-1").severity()).isEqualTo(Severity.critical);
        assertThat(incidentOf("a-2").alertIds()).containsExactly("a-2");
        assertThat(all()).hasSize(2);
    }

    @Test
    void aLateAlertOutsideTheGapOpensItsOwnIncidentWithoutTakingThePlaceOfTheNewerOne() {
        alerts.pipeInput(AGENT, alert("a-1", AGENT, Severity.high, T0));
        alerts.pipeInput(AGENT, alert("late", AGENT, Severity.high, T0.minus(GAP).minusSeconds(1)));

        alerts.pipeInput(AGENT, alert("a-2", AGENT, Severity.high, T0.plusSeconds(10)));

        assertThat(incidentOf("late").alertIds()).containsExactly("late");
        assertThat(incidentOf("a-2").alertIds()).containsExactly("a-1", "a-2");
    }

    @Test
    void anIncidentKeepsTheNewestHundredAlertIdsAndCountsThemAll() {
        for (int i = 0; i < Incident.ALERT_IDS_LIMIT + 5; i++) {
            alerts.pipeInput(AGENT, alert("a-" + i, AGENT, Severity.low, T0.plusSeconds(i)));
        }

        Incident incident = single();
        assertThat(incident.alertCount()).isEqualTo(Incident.ALERT_IDS_LIMIT + 5);
        assertThat(incident.alertIds()).hasSize(Incident.ALERT_IDS_LIMIT).startsWith("a-5").endsWith("a-104");
    }

    @Test
    void aRebuildFromTheSameTopicsGivesTheSameIncidents() {
        Consumer<TestInputTopic<String, Alert>> feed = topic -> {
            topic.pipeInput(AGENT, alert("a-1", AGENT, Severity.high, T0));
            topic.pipeInput(OTHER_AGENT, alert("b-1", OTHER_AGENT, Severity.low, T0.plusSeconds(5)));
            topic.pipeInput(AGENT, alert("a-2", AGENT, Severity.high, T0.plus(GAP)));
            topic.pipeInput(AGENT, alert("a-3", AGENT, Severity.high, T0.plus(GAP).plus(GAP).plusMillis(1)));
        };
        feed.accept(alerts);
        TopologyTestDriver rebuilt = newDriver("rebuilt");
        feed.accept(rebuilt.createInputTopic(topics.alerts(), new StringSerializer(),
                serdes.valueSerde(Alert.class).serializer()));

        KeyValueStore<String, Incident> again = rebuilt.getKeyValueStore(LifecycleTopology.INCIDENT_VIEW_STORE);
        assertThat(keys(again)).hasSize(3).isEqualTo(keys(incidents));
        keys(incidents).forEach(id -> assertThat(again.get(id).alertIds()).isEqualTo(incidents.get(id).alertIds()));
    }

    // ---- updates ----

    @Test
    void anUpdateMovesTheIncidentAndKeepsItsNoteWithActorAndTime() {
        alerts.pipeInput(AGENT, alert("a-1", AGENT, Severity.high, T0));
        String id = idOf("a-1");

        events.pipeInput(AGENT, update(id, "investigating", "looking at the tool calls", T0.plusSeconds(5)));
        events.pipeInput(AGENT, update(id, null, "it was the nightly job", T0.plusSeconds(9)));

        Incident incident = incidents.get(id);
        assertThat(incident.status()).isEqualTo(IncidentStatus.INVESTIGATING);
        assertThat(incident.notes()).extracting(IncidentNote::note)
                .containsExactly("looking at the tool calls", "it was the nightly job");
        assertThat(incident.notes()).extracting(IncidentNote::status)
                .containsExactly(IncidentStatus.INVESTIGATING, null);
        assertThat(incident.notes().get(0).actor()).isEqualTo("alice");
        assertThat(incident.notes().get(0).at()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void anIllegalUpdateIsCountedAndChangesNothing() {
        alerts.pipeInput(AGENT, alert("a-1", AGENT, Severity.high, T0));
        String id = idOf("a-1");
        events.pipeInput(AGENT, update(id, "contained", null, T0.plusSeconds(5)));

        events.pipeInput(AGENT, update(id, "investigating", "back?", T0.plusSeconds(6)));
        events.pipeInput(AGENT, update(id, "no-such-status", "?", T0.plusSeconds(7)));

        assertThat(incidents.get(id).status()).isEqualTo(IncidentStatus.CONTAINED);
        assertThat(incidents.get(id).notes()).hasSize(1);
        assertThat(skipped(SkippedRecords.ILLEGAL_TRANSITION)).isEqualTo(2.0);
    }

    @Test
    void aRedeliveredUpdateIsAppliedOnce() {
        alerts.pipeInput(AGENT, alert("a-1", AGENT, Severity.high, T0));
        AlertLifecycleEvent note = update(idOf("a-1"), null, "noted", T0.plusSeconds(5));

        events.pipeInput(AGENT, note);
        events.pipeInput(AGENT, note);

        assertThat(incidents.get(idOf("a-1")).notes()).hasSize(1);
        assertThat(skipped(SkippedRecords.DUPLICATE)).isEqualTo(1.0);
    }

    @Test
    void anUpdateOfAnUnknownIncidentOrOfAnotherTenantIsCountedAndIgnored() {
        alerts.pipeInput(AGENT, alert("a-1", AGENT, Severity.high, T0));
        String id = idOf("a-1");

        events.pipeInput(AGENT, update("inc_000000000000000000000000", "closed", "x", T0));
        events.pipeInput(AGENT, AlertLifecycleEvent.newBuilder(update(id, "closed", "x", T0)).setTenantId("tenant-b")
                .build());

        assertThat(incidents.get(id).status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(skipped(SkippedRecords.UNKNOWN_INCIDENT)).isEqualTo(2.0);
    }

    @Test
    void alertLifecycleEventsDoNotTouchIncidents() {
        Alert alert = alert("a-1", AGENT, Severity.high, T0);
        alerts.pipeInput(AGENT, alert);

        events.pipeInput(AGENT, Fixtures.acknowledge(alert, "alice", T0.plusSeconds(1)));

        assertThat(single().notes()).isEmpty();
        assertThat(skipped(SkippedRecords.UNKNOWN_INCIDENT)).isZero();
    }

    // ---- retention ----

    @Test
    void closedIncidentsUntouchedForTheRetentionAreRemovedAndOpenOnesStay() {
        alerts.pipeInput(AGENT, alert("closed-1", AGENT, Severity.high, T0));
        String closed = idOf("closed-1");
        events.pipeInput(AGENT, update(closed, "closed", "done", T0.plusSeconds(1)));
        alerts.pipeInput(OTHER_AGENT, alert("open-1", OTHER_AGENT, Severity.high, T0));
        String open = idOf("open-1");

        driver.advanceWallClockTime(IncidentViewProcessor.RETENTION.plus(IncidentViewProcessor.SWEEP_INTERVAL));

        assertThat(incidents.get(closed)).isNull();
        assertThat(incidents.get(open)).isNotNull();
        assertThat(skipped(SkippedRecords.EXPIRED)).isEqualTo(1.0);
        KeyValueStore<String, String> grouped = driver.getKeyValueStore(LifecycleTopology.INCIDENT_ALERTS_STORE);
        assertThat(grouped.get("closed-1")).isNull();
        assertThat(grouped.get("open-1")).isEqualTo(open);
        assertThat(driver.<String, String>getKeyValueStore(LifecycleTopology.INCIDENT_CURRENT_STORE)
                .get("tenant-a\n" + AGENT)).as("the closed incident is no agent's current one any more").isNull();
    }

    private TopologyTestDriver newDriver(String name) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "incident-view-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
        TopologyTestDriver created = new TopologyTestDriver(LifecycleTopology.build(topics, serdes,
                ChannelSpecs.STANDARD, new AlertTally(), GAP), props, WALL_CLOCK);
        drivers.add(created);
        return created;
    }

    private static Alert alert(String alertId, String agentId, Severity severity, Instant detectedAt) {
        return Fixtures.alert(alertId, agentId, severity, detectedAt);
    }

    private static AlertLifecycleEvent update(String incidentId, String status, String note, Instant at) {
        return AlertLifecycleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAction(LifecycleAction.INCIDENT_UPDATE)
                .setTenantId("tenant-a")
                .setAgentId(AGENT)
                .setActor("alice")
                .setNote(note)
                .setIncidentId(incidentId)
                .setIncidentStatus(status)
                .setOccurredAt(at)
                .build();
    }

    private String idOf(String alertId) {
        return driver.<String, String>getKeyValueStore(LifecycleTopology.INCIDENT_ALERTS_STORE).get(alertId);
    }

    private Incident incidentOf(String alertId) {
        return incidents.get(idOf(alertId));
    }

    private Incident single() {
        assertThat(all()).hasSize(1);
        return all().get(0);
    }

    private List<Incident> all() {
        List<Incident> all = new ArrayList<>();
        try (KeyValueIterator<String, Incident> it = incidents.all()) {
            it.forEachRemaining((KeyValue<String, Incident> kv) -> all.add(kv.value));
        }
        return all;
    }

    private static List<String> keys(KeyValueStore<String, Incident> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Incident> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private double skipped(SkippedRecords reason) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(SkippedRecords.GROUP)
                        && e.getKey().name().equals(reason.totalMetric())
                        && e.getKey().tags().containsValue(LifecycleTopology.INCIDENT_VIEW))
                .map(Map.Entry::getValue)
                .map(Metric::metricValue)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .sum();
    }
}
