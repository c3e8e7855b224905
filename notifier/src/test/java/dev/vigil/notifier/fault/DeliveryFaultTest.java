package dev.vigil.notifier.fault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.avro.Alert;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.core.config.Topics;
import dev.vigil.notifier.NotifierApp;
import dev.vigil.notifier.NotifierConfig;
import dev.vigil.notifier.delivery.DeliveryId;
import dev.vigil.notifier.testing.TestAlerts;
import dev.vigil.serde.LocalRegistryServer;
import dev.vigil.serde.MemorySchemaRegistry;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import java.io.File;
import java.io.FileWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery that loses nothing, on the real broker: an endpoint that answers 503 for a while and then recovers gets
 * every alert exactly once per idempotency key; a notifier killed (SIGKILL) in the middle of a delivery and started
 * again delivers every alert, the interrupted one again under the same key.
 */
class DeliveryFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @RegisterExtension
    static final WireMockExtension RECEIVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private Map<String, Object> config(Topics topics, String registry, String group) {
        Map<String, Object> config = new HashMap<>(topics.asConfig());
        config.put("bootstrap.servers", KAFKA.bootstrapServers());
        config.put("schema.registry.url", registry);
        config.put("vigil.ops.port", "0");
        config.put(NotifierConfig.GROUP_ID, group);
        config.put(NotifierConfig.CHANNELS, "webhook");
        config.put(NotifierConfig.WEBHOOK_URL, RECEIVER.baseUrl() + "/hook");
        config.put(NotifierConfig.ALLOWED_HOSTS, java.net.URI.create(RECEIVER.baseUrl()).getHost());
        config.put(NotifierConfig.WEBHOOK_MIN_SEVERITY, "low");
        config.put(NotifierConfig.RETRY_MAX_ATTEMPTS, "20");
        config.put(NotifierConfig.RETRY_INITIAL_BACKOFF, "20ms");
        config.put(NotifierConfig.RETRY_MAX_BACKOFF, "200ms");
        return config;
    }

    private static List<Alert> produce(Topics topics, SerdeFactory serdes, int n) {
        List<Alert> alerts = IntStream.range(0, n)
                .mapToObj(i -> TestAlerts.scopeEscalation().setAlertId("alert-" + i).setAgentId("agent-" + i).build()).toList();
        alerts.forEach(a -> KAFKA.produce(topics.alerts(), a.getAgentId(), a, serdes.valueSerde(Alert.class).serializer()));
        return alerts;
    }

    /** The idempotency keys the receiver answered 2xx, each as often as it was accepted. */
    private static Map<String, Long> accepted() {
        return RECEIVER.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() / 100 == 2)
                .map(e -> e.getRequest().getHeader("Idempotency-Key"))
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
    }

    @Test
    void anEndpointThatFailsForAWhileGetsEveryAlertOncePerKeyWhenItRecovers() throws Exception {
        Topics topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 2);
        String registry = KAFKA.registryUrl();
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        RECEIVER.resetAll();
        RECEIVER.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(503)));
        List<Alert> alerts = produce(topics, serdes, 20);
        try (NotifierApp app = new NotifierApp(new NotifierConfig(config(topics, registry, KAFKA.uniqueName("fault"))))) {
            app.start();
            await().atMost(WAIT).until(() -> RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/hook"))).size() >= 8);
            RECEIVER.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
            await().atMost(WAIT).until(() -> accepted().size() == alerts.size());
        }
        Set<String> keys = alerts.stream().map(a -> DeliveryId.of(a, "webhook")).collect(Collectors.toSet());
        assertThat(accepted()).containsOnlyKeys(keys).allSatisfy((key, times) -> assertThat(times).as(key).isEqualTo(1L));
        List<NotificationRecord> records = KAFKA.consume(topics.notifications(),
                serdes.valueSerde(NotificationRecord.class).deserializer(), alerts.size(), WAIT).stream()
                .map(ConsumerRecord::value).toList();
        assertThat(records).filteredOn(r -> r.getOutcome() == DeliveryOutcome.retrying).hasSizeGreaterThanOrEqualTo(8);
        assertThat(records).filteredOn(r -> r.getOutcome() == DeliveryOutcome.delivered)
                .extracting(NotificationRecord::getAlertId).containsExactlyInAnyOrderElementsOf(
                        alerts.stream().map(Alert::getAlertId).toList());
        assertThat(records).noneMatch(r -> r.getOutcome() == DeliveryOutcome.failed);
    }

    @Test
    void aNotifierKilledInTheMiddleOfADeliveryLosesNothing() throws Exception {
        Topics topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 1);
        MemorySchemaRegistry schemas = MemorySchemaRegistry.isolated();
        try (LocalRegistryServer server = LocalRegistryServer.start(schemas, 0)) {
            String registry = server.url();
            SerdeFactory serdes = SerdeFactory.forRegistry(registry);
            RECEIVER.resetAll();
            // Every answer takes 1.5 s, so the process is always in the middle of a delivery when it is killed.
            RECEIVER.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204).withFixedDelay(1_500)));
            List<Alert> alerts = produce(topics, serdes, 6);
            String group = KAFKA.uniqueName("crash");
            Map<String, Object> config = config(topics, registry, group);
            config.put(NotifierConfig.WEBHOOK_TIMEOUT, "10s");
            // The killed member holds its partitions until its session expires: keep that short.
            config.put("kafka.session.timeout.ms", "6000");
            config.put("kafka.heartbeat.interval.ms", "1000");

            Process process = start(config);
            try {
                await().atMost(WAIT).until(() -> RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/hook"))).size() >= 3);
            } finally {
                process.destroyForcibly().waitFor();
            }
            int seenBeforeKill = RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/hook"))).size();

            RECEIVER.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
            try (NotifierApp restarted = new NotifierApp(new NotifierConfig(config))) {
                restarted.start();
                await().atMost(WAIT).until(() -> accepted().keySet().containsAll(
                        alerts.stream().map(a -> DeliveryId.of(a, "webhook")).toList()));
            }
            List<LoggedRequest> all = RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/hook")));
            assertThat(seenBeforeKill).isGreaterThanOrEqualTo(3);
            assertThat(all.size()).as("the interrupted delivery is repeated after the restart").isGreaterThan(alerts.size());
            assertThat(all).extracting(r -> r.getHeader("Idempotency-Key"))
                    .isSubsetOf(alerts.stream().map(a -> DeliveryId.of(a, "webhook")).toList());
        }
    }

    private Process start(Map<String, Object> config) throws Exception {
        File file = dir.resolve("notifier.properties").toFile();
        Properties props = new Properties();
        config.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        try (Writer out = new FileWriter(file)) {
            props.store(out, "crash test");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                NotifierProcess.class.getName(), file.getAbsolutePath())
                .redirectErrorStream(true).redirectOutput(dir.resolve("notifier.log").toFile()).start();
    }
}
