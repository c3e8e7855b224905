package dev.vigil.cli.demo;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.core.kafka.TopicBootstrap;
import dev.vigil.lifecycle.LifecycleApp;
import dev.vigil.lifecycle.LifecycleConfig;
import dev.vigil.notifier.NotifierApp;
import dev.vigil.notifier.NotifierConfig;
import dev.vigil.serde.LocalRegistryServer;
import dev.vigil.serde.MemorySchemaRegistry;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.simulator.AttackLabel;
import dev.vigil.simulator.Simulation;
import dev.vigil.topology.TopologyApp;
import dev.vigil.topology.TopologyConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Starts and stops, in order, everything {@code vigil demo} runs; owns nothing that outlives {@link #close()}. */
final class DemoStack implements AutoCloseable {

    private static final String REGISTRY = "mem://vigil-demo";
    private static final int PARTITIONS = 3;
    private static final Duration FEEDER_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final PrintStream out;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry(REGISTRY);
    private EmbeddedKafka kafka;
    private WebhookReceiver webhook;
    private Thread feeder;
    private volatile boolean closing;
    private boolean closed;

    DemoStack(PrintStream out) {
        this.out = out;
    }

    void start(Simulation simulation) throws IOException {
        out.println("vigil demo: starting a Kafka broker (KRaft, in-process) ...");
        kafka = register(EmbeddedKafka.start());
        LocalRegistryServer registry = register(LocalRegistryServer.start(MemorySchemaRegistry.named(REGISTRY.substring("mem://".length())), 0));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicBootstrap.ensure(admin, topics, PARTITIONS, (short) 1, Duration.ofSeconds(30));
        }
        webhook = register(new WebhookReceiver());
        Path stateDir = Files.createTempDirectory("vigil-demo-state-");
        register(() -> deleteTree(stateDir));

        TopologyApp topology = new TopologyApp(new TopologyConfig(common(Map.of(
                "application.id", "vigil-demo-topology", "state.dir", stateDir.resolve("topology").toString()))));
        topology.start();
        register(topology);
        NotifierApp notifier = new NotifierApp(new NotifierConfig(common(Map.of(
                "vigil.notifier.channels", "console,webhook", "vigil.notifier.console.min-severity", "low",
                "vigil.notifier.webhook.url", webhook.url(), "vigil.notifier.webhook.min-severity", "low",
                "vigil.notifier.allowed-hosts", java.net.URI.create(webhook.url()).getHost()))), out);
        notifier.start();
        register(notifier);
        dev.vigil.lifecycle.auth.ApiKeys.Created key = dev.vigil.lifecycle.auth.ApiKeys.create("*",
                dev.vigil.lifecycle.auth.Role.ADMIN, "demo");
        LifecycleApp lifecycle = new LifecycleApp(new LifecycleConfig(common(Map.of(
                "application.id", "vigil-demo-lifecycle", "state.dir", stateDir.resolve("lifecycle").toString(),
                "vigil.lifecycle.http.port", "0", "vigil.lifecycle.http.host", "127.0.0.1",
                "vigil.lifecycle.api-keys", key.entry()))));
        lifecycle.start();
        register(lifecycle);

        out.println("vigil demo: broker      " + kafka.bootstrapServers());
        out.println("vigil demo: registry    " + registry.url());
        out.println("vigil demo: webhook     " + webhook.url());
        String auth = "-H 'Authorization: Bearer " + key.key() + "'";
        out.println("vigil demo: API key     " + key.key() + "  (operator admin; send it as Authorization: Bearer …)");
        out.println("vigil demo: alerts API  " + lifecycle.baseUrl() + "/v1/alerts?status=open");
        out.println("vigil demo:   list them with: curl " + auth + " '" + lifecycle.baseUrl() + "/v1/alerts?status=open'");
        out.println("vigil demo:   acknowledge one with: curl -X POST -H 'Content-Type: application/json' " + auth + " "
                + "-d '{\"note\":\"looking\"}' " + lifecycle.baseUrl() + "/v1/alerts/<alertId>/acknowledge");
        out.println("vigil demo: rules API   " + lifecycle.baseUrl() + "/v1/rules");
        out.println("vigil demo:   add one with: curl -X POST -H 'Content-Type: application/json' " + auth + " -d '{\"ruleId\":\"busy-agent\","
                + "\"name\":\"Busy agent\",\"severity\":\"high\",\"condition\":{\"timeWindow\":\"5m\",\"threshold\":30}}' "
                + lifecycle.baseUrl() + "/v1/rules");
        out.println("vigil demo: live stream curl -N " + auth + " '" + lifecycle.baseUrl()
                + "/v1/events/stream?types=anomaly.detected,alert.acknowledged,agent.halted'");
        out.println("vigil demo: agents API  " + lifecycle.baseUrl() + "/v1/agents");
        out.println("vigil demo:   halt one with: curl -X POST -H 'Content-Type: application/json' " + auth
                + " -d '{\"justification\":\"investigating\"}' " + lifecycle.baseUrl() + "/v1/agents/<agentId>/halt"
                + "  (then GET …/v1/agents/<agentId>/status)");
        out.println("vigil demo: incidents   " + lifecycle.baseUrl() + "/v1/incidents");
        out.printf("vigil demo: %d agents, %d injected attacks (%s); Ctrl-C stops%n", simulation.profiles().size(),
                simulation.labels().size(), simulation.labels().stream().map(AttackLabel::rule).sorted().collect(Collectors.joining(", ")));
        out.println("---- alerts as they happen ----");
        feeder = new Thread(() -> feed(simulation), "vigil-demo-feeder");
        feeder.setDaemon(true);
        feeder.start();
    }

    private Map<String, Object> common(Map<String, String> own) {
        Map<String, Object> values = new HashMap<>(own);
        values.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, REGISTRY);
        values.put(CommonConfig.OPS_PORT, "0");
        return values;
    }

    /** Produces the profiles, then the history at once, then each later event when the wall clock reaches its time. */
    private void feed(Simulation simulation) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, AgentProfile> profiles = new KafkaProducer<>(props, new StringSerializer(),
                serdes.valueSerde(AgentProfile.class).serializer());
             KafkaProducer<String, AgentEvent> events = new KafkaProducer<>(props, new StringSerializer(),
                     serdes.valueSerde(AgentEvent.class).serializer())) {
            for (AgentProfile profile : simulation.profiles()) {
                profiles.send(new ProducerRecord<>(topics.agents(), profile.getAgentId(), profile));
            }
            profiles.flush();
            for (Iterator<AgentEvent> it = simulation.events(); it.hasNext() && !closing; ) {
                AgentEvent event = it.next();
                long wait = event.getOccurredAt().toEpochMilli() - System.currentTimeMillis();
                if (wait > 0) {
                    events.flush();
                    Thread.sleep(wait);
                }
                events.send(new ProducerRecord<>(topics.events(), event.getAgentId(), event));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closing) {
                out.println("vigil demo: the traffic feeder stopped: " + e.getMessage());
            }
        }
    }

    /** Which injected attacks were detected: a label counts when an alert of its rule names its agent. */
    void printSummary(Simulation simulation) {
        Map<String, Alert> alerts = readAlerts();
        Map<String, Long> byRule = alerts.values().stream().collect(Collectors.groupingBy(Alert::getRuleId, TreeMap::new, Collectors.counting()));
        out.println("---- summary ----");
        out.printf("vigil demo: %d distinct alerts %s; %d webhook deliveries received%n", alerts.size(), byRule, webhook.received());
        Set<String> detected = alerts.values().stream().map(a -> a.getAgentId() + "|" + a.getRuleId()).collect(Collectors.toSet());
        List<AttackLabel> labels = simulation.labels();
        long caught = labels.stream().filter(l -> detected.contains(l.agentId() + "|" + l.rule())).count();
        for (AttackLabel label : labels) {
            boolean hit = detected.contains(label.agentId() + "|" + label.rule());
            out.printf("  %-8s %-18s %s%n", hit ? "caught" : "MISSED", label.rule(), label.agentId());
        }
        out.printf("vigil demo: %d of %d injected attacks detected%n", caught, labels.size());
    }

    private Map<String, Alert> readAlerts() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "vigil-demo-summary-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Alert> latest = new TreeMap<>();
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                serdes.valueSerde(Alert.class).deserializer())) {
            consumer.subscribe(List.of(topics.alerts()));
            Instant until = Instant.now().plusSeconds(5);
            int emptyPolls = 0;
            while (Instant.now().isBefore(until) && emptyPolls < 3) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty() && !consumer.assignment().isEmpty()) {
                    emptyPolls++;
                }
                for (ConsumerRecord<String, Alert> record : records) {
                    latest.put(record.value().getAlertId(), record.value());
                }
            }
        }
        return latest;
    }

    private <T extends AutoCloseable> T register(T resource) {
        running.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        out.println("vigil demo: stopping ...");
        stopFeeder();
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                out.println("vigil demo: while stopping: " + e.getMessage());
            }
        }
        out.println("vigil demo: stopped");
    }

    /**
     * The feeder closes its producers as it ends; it must end while the broker is still up, or those producers would
     * keep retrying into a closed port for their delivery timeout after the demo says it has stopped.
     */
    private void stopFeeder() {
        if (feeder == null) {
            return;
        }
        feeder.interrupt();
        try {
            feeder.join(FEEDER_STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Temporary state; the OS cleans its temp space.
        }
    }
}
