package dev.vigil.bench;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.Evidence;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertOrderIndex;
import dev.vigil.lifecycle.view.AlertStatus;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.LifecycleTopology;
import dev.vigil.serde.SerdeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What a query of the lifecycle service's alert view costs as the view grows: the real lifecycle topology in a
 * {@code TopologyTestDriver} (its RocksDB store, no broker) is loaded with {@code --views} alerts of
 * {@code --agents} agents spread over 90 days (half of them resolved, a fifth acknowledged), then each query the API
 * makes runs {@code --repeat} times and the median is printed: a page of the 100 newest alerts by a full scan of the
 * views (how lists worked before the list-order index) and through the index ({@link AlertOrderIndex}, as the API
 * lists), a second page by cursor, the page filtered by agent and by status, a get by id, a visit of every view (how
 * counts worked before the index) and a count of every alert from the index (how the metrics API and the agent status
 * count now, {@link AlertOrderIndex#summaries}). Also the bytes stored per view (view and index entry, keys included, before compression).
 *
 * <pre>
 * mvn -q -pl bench -am install -DskipTests
 * mvn -q -pl bench exec:exec -Dbench.main=dev.vigil.bench.AlertViewQueryBenchmark -Dbench.args="--views 10000,100000,300000"
 * </pre>
 */
public final class AlertViewQueryBenchmark {

    private static final Instant END = Instant.parse("2026-11-20T00:00:00Z");
    private static final String[] RULES = {"velocity_spike", "scope_escalation", "cost_spike", "off_hours", "token_replay"};

    private AlertViewQueryBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = ProgramArgs.parse(args, Set.of("--views", "--agents", "--repeat"));
        int[] sizes = Arrays.stream(options.getOrDefault("--views", "10000,100000,300000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int agents = Integer.parseInt(options.getOrDefault("--agents", "1000"));
        int repeat = Integer.parseInt(options.getOrDefault("--repeat", "5"));
        QuietLogs.temporaryStateDir();
        System.out.printf("alert view queries: %d agents, median of %d runs%n", agents, repeat);
        System.out.println("times in ms (get in µs); 'scan' = a full scan of the views keeping the best 100 (the list before"
                + " the index), the others through the list-order index as the API lists");
        System.out.printf("%9s %9s %10s %10s %10s %10s %10s %10s %10s %10s %11s%n", "views", "load/s", "scan page", "page",
                "2nd page", "by agent", "open only", "get (µs)", "visit all", "count all", "bytes/view");
        for (int size : sizes) {
            run(size, agents, repeat);
        }
    }

    private static void run(int size, int agents, int repeat) throws IOException {
        Path stateDir = Files.createTempDirectory("vigil-view-bench");
        Topics topics = Topics.defaults();
        SerdeFactory serdes = SerdeFactory.forRegistry("mem://view-bench-" + UUID.randomUUID());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "view-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(LifecycleTopology.build(topics, serdes), props, END)) {
            TestInputTopic<String, Alert> alerts = driver.createInputTopic(topics.alerts(), new StringSerializer(),
                    serdes.valueSerde(Alert.class).serializer());
            TestInputTopic<String, AlertLifecycleEvent> events = driver.createInputTopic(topics.alertEvents(),
                    new StringSerializer(), serdes.valueSerde(AlertLifecycleEvent.class).serializer());
            Random random = new Random(7);
            List<String> ids = new ArrayList<>(size);
            long start = System.nanoTime();
            for (int i = 0; i < size; i++) {
                Alert alert = alert(i, "did:web:bench:agent-" + random.nextInt(agents), random);
                alerts.pipeInput(alert.getAgentId(), alert, alert.getDetectedAt());
                ids.add(alert.getAlertId());
                int fate = random.nextInt(10);
                if (fate < 5) {
                    events.pipeInput(alert.getAgentId(), decision(LifecycleAction.RESOLVE, alert), alert.getDetectedAt());
                } else if (fate < 7) {
                    events.pipeInput(alert.getAgentId(), decision(LifecycleAction.ACKNOWLEDGE, alert), alert.getDetectedAt());
                }
            }
            double loadPerSecond = size / ((System.nanoTime() - start) / 1e9);
            KeyValueStore<String, AlertView> store = driver.getKeyValueStore(LifecycleTopology.ALERT_VIEW_STORE);
            KeyValueStore<String, AlertOrderIndex.Entry> index = driver.getKeyValueStore(LifecycleTopology.ALERT_ORDER_STORE);

            AlertFilter page = AlertFilter.all();
            AlertFilter byAgent = new AlertFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of("did:web:bench:agent-1"), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), AlertFilter.DEFAULT_LIMIT);
            AlertFilter open = new AlertFilter(Optional.of(AlertStatus.OPEN), Optional.empty(), AlertFilter.DEFAULT_LIMIT);
            List<AlertView> first = indexed(store, index, page);
            if (!first.equals(list(store, page))) {
                throw new IllegalStateException("the index and the scan disagree on the first page");
            }
            AlertFilter second = page.after(AlertFilter.Position.of(first.get(first.size() - 1)));
            double scanMs = median(repeat, () -> list(store, page).size()) / 1e6;
            double pageMs = median(repeat, () -> indexed(store, index, page).size()) / 1e6;
            double agentMs = median(repeat, () -> indexed(store, index, byAgent).size()) / 1e6;
            double openMs = median(repeat, () -> indexed(store, index, open).size()) / 1e6;
            double secondMs = median(repeat, () -> indexed(store, index, second).size()) / 1e6;
            double getUs = median(repeat, () -> {
                int found = 0;
                for (int i = 0; i < 1_000; i++) {
                    found += store.get(ids.get(random.nextInt(ids.size()))) == null ? 0 : 1;
                }
                return found;
            }) / 1e3 / 1_000;
            double visitMs = median(repeat, () -> {
                int n = 0;
                try (KeyValueIterator<String, AlertView> all = store.all()) {
                    while (all.hasNext()) {
                        all.next();
                        n++;
                    }
                }
                return n;
            }) / 1e6;
            double countMs = median(repeat, () -> {
                int[] n = {0};
                AlertOrderIndex.summaries(List.of(index), AlertFilter.all(), summary -> n[0]++);
                return n[0];
            }) / 1e6;
            long bytes = logicalBytes(store, new dev.vigil.lifecycle.view.AlertViewSerde())
                    + logicalBytes(index, new AlertOrderIndex.EntrySerde());
            System.out.printf("%,9d %,9.0f %10.1f %10.2f %10.2f %10.1f %10.2f %10.1f %10.1f %10.1f %,11d%n", size,
                    loadPerSecond, scanMs, pageMs, secondMs, agentMs, openMs, getUs, visitMs, countMs, bytes / size);
        }
    }

    private static List<AlertView> indexed(KeyValueStore<String, AlertView> store,
                                           KeyValueStore<String, AlertOrderIndex.Entry> index, AlertFilter filter) {
        return AlertOrderIndex.page(List.of(index), filter, store::get);
    }

    private static List<AlertView> list(KeyValueStore<String, AlertView> store, AlertFilter filter) {
        try (KeyValueIterator<String, AlertView> all = store.all()) {
            return filter.select(new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return all.hasNext();
                }

                @Override
                public AlertView next() {
                    return all.next().value;
                }
            });
        }
    }

    /** Median wall time in ns of {@code repeat} runs; the result is consumed so that no run is optimised away. */
    private static double median(int repeat, Supplier<Integer> query) {
        long[] times = new long[repeat];
        long sink = 0;
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            sink += query.get();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        if (sink == Long.MIN_VALUE) {
            System.out.println();
        }
        return times[repeat / 2];
    }

    private static Alert alert(int i, String agent, Random random) {
        Instant detected = END.minus(Duration.ofSeconds((long) (random.nextDouble() * Duration.ofDays(90).toSeconds())));
        String rule = RULES[random.nextInt(RULES.length)];
        return Alert.newBuilder().setAlertId(String.format("%032x", i)).setRuleId(rule).setRuleName(rule)
                .setCategory("behaviour").setSeverity(Severity.values()[random.nextInt(4)]).setScore(70)
                .setTenantId("tenant-" + (agent.hashCode() & 7)).setAgentId(agent)
                .setDescription("42 requests in 5 minutes, 6.9× the 1-hour average of 6.1 per 5 minutes")
                .setObserved(Map.of("requests", "42")).setBaseline(Map.of("requestsPer5m", "6.10"))
                .setWindowStart(detected.minusSeconds(300)).setWindowEnd(detected)
                .setEvidence(Evidence.newBuilder().setEventIds(List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString()))
                        .setTopic("vigil.events.v1").setPartition(0).setFirstOffset(10L).setLastOffset(52L).build())
                .setSuggestedAction("Check the agent's recent tool calls.").setOccurrences(1)
                .setFirstSeen(detected).setLastSeen(detected).setDetectedAt(detected).build();
    }

    private static AlertLifecycleEvent decision(LifecycleAction action, Alert alert) {
        return AlertLifecycleEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAction(action)
                .setAlertId(alert.getAlertId()).setTenantId(alert.getTenantId()).setAgentId(alert.getAgentId())
                .setRuleId(alert.getRuleId()).setActor("alice@example.com").setNote("checked the tool calls")
                .setResolution(action == LifecycleAction.RESOLVE ? Resolution.true_positive : null)
                .setOccurredAt(alert.getDetectedAt().plusSeconds(600)).build();
    }

    /** Keys and values as stored (before RocksDB's compression), summed over the store. */
    private static <V> long logicalBytes(KeyValueStore<String, V> store, org.apache.kafka.common.serialization.Serde<V> serde) {
        long bytes = 0;
        try (KeyValueIterator<String, V> all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                bytes += entry.key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                        + serde.serializer().serialize("", entry.value).length;
            }
        }
        return bytes;
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
