package dev.vigil.lifecycle.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.Resolution;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.serde.SerdeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The list-order index gives exactly the page a full scan of the view gives (the reference: {@link AlertFilter#select}),
 * for every kind of filter, with cursors, since and until; and it follows every change of a view.
 */
class AlertOrderIndexTest {

    private static final Instant WALL_CLOCK = Instant.parse("2025-03-02T00:00:00Z");
    private static final String[] AGENTS = {"did:web:a1", "did:web:a2", "did:web:a3", "did:web:a4"};
    private static final String[] RULES = {"velocity_spike", "scope_escalation", "cost_spike"};

    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://order-index-" + UUID.randomUUID());
    private TopologyTestDriver driver;
    private TestInputTopic<String, Alert> alerts;
    private TestInputTopic<String, AlertLifecycleEvent> events;
    private KeyValueStore<String, AlertView> views;
    private KeyValueStore<String, AlertOrderIndex.Entry> index;
    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "order-index-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LifecycleTopology.build(topics, serdes), props, WALL_CLOCK);
        alerts = driver.createInputTopic(topics.alerts(), new StringSerializer(), serdes.valueSerde(Alert.class).serializer());
        events = driver.createInputTopic(topics.alertEvents(), new StringSerializer(),
                serdes.valueSerde(AlertLifecycleEvent.class).serializer());
        views = driver.getKeyValueStore(LifecycleTopology.ALERT_VIEW_STORE);
        index = driver.getKeyValueStore(LifecycleTopology.ALERT_ORDER_STORE);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private List<AlertView> scanAll() {
        List<AlertView> all = new ArrayList<>();
        try (KeyValueIterator<String, AlertView> it = views.all()) {
            it.forEachRemaining(e -> all.add(e.value));
        }
        return all;
    }

    private List<AlertView> scan(AlertFilter filter) {
        return filter.select(scanAll().iterator());
    }

    private List<AlertView> page(AlertFilter filter) {
        return AlertOrderIndex.page(List.of(index), filter, views::get);
    }

    /** 300 alerts, many sharing a detection time, re-emitted later, acknowledged and resolved at random. */
    private void load(Random random) {
        Instant t0 = Fixtures.T0;
        for (int i = 0; i < 300; i++) {
            Instant detected = t0.plusSeconds(random.nextInt(40) * 60L);
            Alert alert = Alert.newBuilder(Fixtures.alert(String.format("a-%03d", i), AGENTS[random.nextInt(AGENTS.length)],
                            Severity.values()[random.nextInt(4)], detected))
                    .setRuleId(RULES[random.nextInt(RULES.length)]).setCategory(random.nextBoolean() ? "behaviour" : "access")
                    .setTenantId(random.nextBoolean() ? "tenant-a" : "tenant-b").build();
            alerts.pipeInput(alert.getAgentId(), alert);
            int fate = random.nextInt(6);
            if (fate == 0) {
                alerts.pipeInput(alert.getAgentId(), Alert.newBuilder(alert).setOccurrences(2)
                        .setDetectedAt(detected.plusSeconds(3_600)).setLastSeen(detected.plusSeconds(3_600)).build());
            } else if (fate == 1) {
                events.pipeInput(alert.getAgentId(), Fixtures.acknowledge(alert, "alice", detected.plusSeconds(5)));
            } else if (fate == 2) {
                events.pipeInput(alert.getAgentId(), Fixtures.resolve(alert, "bob", Resolution.benign, detected.plusSeconds(5)));
            }
        }
    }

    private static <T> Optional<T> maybe(Random random, T value) {
        return random.nextInt(3) == 0 ? Optional.of(value) : Optional.empty();
    }

    @Test
    void everyFilterAndEveryPageIsExactlyWhatAFullScanGives() {
        Random random = new Random(11);
        load(random);
        long entries;
        try (KeyValueIterator<String, AlertOrderIndex.Entry> all = index.all()) {
            entries = java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(all, 0), false).count();
        }
        assertThat(entries).as("one entry per view, and the marker").isEqualTo(301);
        for (int round = 0; round < 120; round++) {
            Optional<Instant> since = maybe(random, Fixtures.T0.plusSeconds(random.nextInt(60) * 60L));
            Optional<Instant> until = maybe(random, Fixtures.T0.plusSeconds(random.nextInt(90) * 60L));
            AlertFilter filter = new AlertFilter(maybe(random, AlertStatus.values()[random.nextInt(3)]),
                    maybe(random, Severity.values()[random.nextInt(4)]), maybe(random, RULES[random.nextInt(RULES.length)]),
                    maybe(random, random.nextBoolean() ? "behaviour" : "access"),
                    maybe(random, AGENTS[random.nextInt(AGENTS.length)]), maybe(random, "tenant-a"), since, until,
                    Optional.empty(), 1 + random.nextInt(40));
            List<AlertSummary> fromIndex = new ArrayList<>();
            AlertOrderIndex.summaries(List.of(index), filter, fromIndex::add);
            List<AlertSummary> fromViews = new ArrayList<>();
            for (AlertView v : scanAll()) {
                if (AlertSummary.of(v).matches(filter)) {
                    fromViews.add(AlertSummary.of(v));
                }
            }
            assertThat(fromIndex).as("summaries of round %d", round).containsExactlyInAnyOrderElementsOf(fromViews);
            List<String> seen = new ArrayList<>();
            for (int pageNo = 0; pageNo < 30; pageNo++) {
                List<AlertView> expected = scan(filter);
                List<AlertView> actual = page(filter);
                assertThat(actual).as("round %d page %d of %s", round, pageNo, filter).isEqualTo(expected);
                actual.forEach(v -> seen.add(v.alertId()));
                if (actual.size() < filter.limit()) {
                    break;
                }
                filter = filter.after(AlertFilter.Position.of(actual.get(actual.size() - 1)));
            }
            assertThat(seen).doesNotHaveDuplicates();
        }
    }

    @Test
    void aReEmissionWithALaterDetectionMovesItsEntryAndAStatusChangeRewritesIt() {
        Alert alert = Fixtures.alert("moving", "did:web:a1", Severity.high, Fixtures.T0);
        alerts.pipeInput(alert.getAgentId(), alert);
        Instant later = Fixtures.T0.plus(Duration.ofHours(2));
        alerts.pipeInput(alert.getAgentId(), Alert.newBuilder(alert).setDetectedAt(later).setLastSeen(later).build());
        events.pipeInput(alert.getAgentId(), Fixtures.acknowledge(alert, "alice", later.plusSeconds(1)));

        assertThat(index.get(AlertOrderIndex.key(Fixtures.T0, "moving"))).as("the old position is gone").isNull();
        assertThat(index.get(AlertOrderIndex.key(later, "moving"))).isEqualTo(new AlertOrderIndex.Entry(
                AlertStatus.ACKNOWLEDGED, Severity.high, "tenant-a", "did:web:a1", "velocity_spike", "behaviour"));
    }

    @Test
    void anExpiredViewLeavesTheIndex() {
        Alert alert = Fixtures.alert("old");
        alerts.pipeInput(alert.getAgentId(), alert);
        driver.advanceWallClockTime(AlertViewProcessor.RETENTION.plus(AlertViewProcessor.SWEEP_INTERVAL).plusSeconds(60));

        assertThat(views.get("old")).isNull();
        assertThat(index.get(AlertOrderIndex.key(alert.getDetectedAt(), "old"))).isNull();
        assertThat(page(AlertFilter.all())).isEmpty();
    }

    @Test
    void theKeysSortNewestFirstThenByAlertIdAndTheEntrySerdeRoundTrips() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(AlertOrderIndex.key(t.plusMillis(1), "z")).isLessThan(AlertOrderIndex.key(t, "a"));
        assertThat(AlertOrderIndex.key(t, "a")).isLessThan(AlertOrderIndex.key(t, "ab")).isLessThan(AlertOrderIndex.key(t, "b"));
        assertThat(AlertOrderIndex.BUILT).isLessThan(AlertOrderIndex.key(Instant.parse("9999-12-31T23:59:59Z"), "a"));
        AlertOrderIndex.Entry entry = new AlertOrderIndex.Entry(AlertStatus.RESOLVED, Severity.critical, "t ü", "did:web:x",
                "custom-rule", "custom");
        var serde = new AlertOrderIndex.EntrySerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", entry))).isEqualTo(entry);
    }
}
