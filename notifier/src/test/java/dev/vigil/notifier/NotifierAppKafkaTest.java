package dev.vigil.notifier;

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
import dev.vigil.ingest.AlertJson;
import dev.vigil.notifier.delivery.DeliveryId;
import dev.vigil.notifier.testing.TestAlerts;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The notifier app end to end on a real broker: alerts in, webhook and console out, ledger written, offsets committed. */
class NotifierAppKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @RegisterExtension
    static final WireMockExtension RECEIVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void deliversEachAlertRecordsItOnTheLedgerAndCommitsPastAPoisonRecord() throws Exception {
        Topics topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 1);
        String registry = KAFKA.registryUrl();
        String group = KAFKA.uniqueName("notifier");
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        RECEIVER.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        Alert first = TestAlerts.scopeEscalation().setAlertId("alert-first").build();
        Alert second = TestAlerts.scopeEscalation().setAlertId("alert-second").setOccurrences(2).build();
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        try (NotifierApp app = new NotifierApp(new NotifierConfig(config(topics, registry, group)),
                new PrintStream(console, true, StandardCharsets.UTF_8))) {
            app.start();
            KAFKA.produce(topics.alerts(), first.getAgentId(), first, serdes.valueSerde(Alert.class).serializer());
            KAFKA.produceBytes(topics.alerts(), "did:web:broken", "not avro".getBytes(StandardCharsets.UTF_8));
            KAFKA.produce(topics.alerts(), second.getAgentId(), second, serdes.valueSerde(Alert.class).serializer());

            await().atMost(WAIT).untilAsserted(() -> RECEIVER.verify(2, postRequestedFor(urlPathEqualTo("/hook"))));
            List<LoggedRequest> requests = RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/hook")));
            assertThat(requests).extracting(LoggedRequest::getBodyAsString).containsExactly(AlertJson.write(first), AlertJson.write(second));
            assertThat(requests).extracting(r -> r.getHeader("Idempotency-Key"))
                    .containsExactly(DeliveryId.of(first, "webhook"), DeliveryId.of(second, "webhook"));

            List<ConsumerRecord<String, NotificationRecord>> ledger = KAFKA.consume(topics.notifications(),
                    serdes.valueSerde(NotificationRecord.class).deserializer(), 5, WAIT);
            assertThat(ledger).extracting(r -> r.key() + " " + r.value().getChannel() + " " + r.value().getOutcome()).containsExactly(
                    "alert-first console delivered", "alert-first webhook delivered",
                    "undecodable:" + topics.alerts() + "-0@1 notifier failed",
                    "alert-second console delivered", "alert-second webhook delivered");
            assertThat(ledger.get(2).value().getReason()).startsWith("undecodable alert at " + topics.alerts() + "-0@1");
            assertThat(ledger.get(1).value().getDeliveryId()).isEqualTo(DeliveryId.of(first, "webhook"));

            TopicPartition partition = new TopicPartition(topics.alerts(), 0);
            await().atMost(WAIT).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        KAFKA.adminClient().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                assertThat(committed.get(partition)).isNotNull().extracting(OffsetAndMetadata::offset).isEqualTo(3L);
            });

            assertThat(console.toString(StandardCharsets.UTF_8).lines()).hasSize(2)
                    .allMatch(line -> line.startsWith("2026-11-20T10:15:30.123Z CRITICAL scope_escalation agent=did:web:x"));
            assertThat(get(app.opsPort(), "/health")).contains("\"status\":\"UP\"");
            assertThat(get(app.opsPort(), "/metrics"))
                    .contains("vigil_notifications_total{channel=\"webhook\",outcome=\"delivered\"} 2.0")
                    .contains("vigil_notifier_undecodable_alerts_total 1.0")
                    .contains("vigil_notification_latency_seconds_bucket");
            assertThat(app.failure()).isNull();
        }
    }

    @Test
    void stopsVisiblyWithoutCommittingWhenTheLedgerCannotBeWrittenAndRedeliversUnderTheSameKeyAfterARestart() throws Exception {
        Topics topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 1);
        String registry = KAFKA.registryUrl();
        String group = KAFKA.uniqueName("notifier");
        RECEIVER.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        Alert alert = TestAlerts.scopeEscalation().setAlertId("alert-redelivered").build();
        KAFKA.produce(topics.alerts(), alert.getAgentId(), alert, SerdeFactory.forRegistry(registry).valueSerde(Alert.class).serializer());
        Map<String, Object> noLedger = config(topics, registry, group);
        noLedger.put(Topics.NOTIFICATIONS, KAFKA.uniqueName("missing-ledger"));
        noLedger.put("kafka.max.block.ms", "1000");
        noLedger.put(NotifierConfig.CHANNELS, "webhook");

        try (NotifierApp broken = new NotifierApp(new NotifierConfig(noLedger))) {
            broken.start();
            await().atMost(WAIT).until(() -> broken.failure() != null);
            assertThat(broken.failure()).contains("Cannot write the delivery ledger");
            assertThat(get(broken.opsPort(), "/health")).contains("\"status\":\"DOWN\"").contains("delivery loop failed");
        }
        assertThat(KAFKA.adminClient().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()).isEmpty();

        Map<String, Object> healthy = config(topics, registry, group);
        healthy.put(NotifierConfig.CHANNELS, "webhook");
        try (NotifierApp restarted = new NotifierApp(new NotifierConfig(healthy))) {
            restarted.start();
            KAFKA.awaitRecord(topics.notifications(), SerdeFactory.forRegistry(registry).valueSerde(NotificationRecord.class).deserializer(),
                    r -> r.value().getOutcome() == DeliveryOutcome.delivered && r.key().equals("alert-redelivered"), WAIT);
        }
        assertThat(RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/hook"))))
                .hasSize(2).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(DeliveryId.of(alert, "webhook"));
        assertThat(KAFKA.adminClient().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(topics.alerts(), 0)).offset()).isEqualTo(1L);
    }

    private Map<String, Object> config(Topics topics, String registry, String group) {
        Map<String, Object> config = new HashMap<>(topics.asConfig());
        config.put("bootstrap.servers", KAFKA.bootstrapServers());
        config.put("schema.registry.url", registry);
        config.put("vigil.ops.port", "0");
        config.put(NotifierConfig.GROUP_ID, group);
        config.put(NotifierConfig.CHANNELS, "console,webhook");
        config.put(NotifierConfig.WEBHOOK_URL, RECEIVER.baseUrl() + "/hook?token=s3cr3t-token");
        config.put(NotifierConfig.ALLOWED_HOSTS, java.net.URI.create(RECEIVER.baseUrl()).getHost());
        config.put(NotifierConfig.WEBHOOK_MIN_SEVERITY, "low");
        config.put(NotifierConfig.RETRY_INITIAL_BACKOFF, "10ms");
        config.put(NotifierConfig.RETRY_MAX_BACKOFF, "100ms");
        return config;
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
