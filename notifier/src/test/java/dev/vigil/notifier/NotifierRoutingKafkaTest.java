package dev.vigil.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.avro.Alert;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Silence;
import dev.vigil.core.config.Topics;
import dev.vigil.notifier.testing.TestAlerts;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routing on the real broker: channels configured on vigil.channels.v1, a silence on vigil.silences.v1, a channel
 * that groups, and a channel with a rate budget whose overflow goes out as one digest.
 */
class NotifierRoutingKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @RegisterExtension
    static final WireMockExtension RECEIVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private Topics topics;
    private SerdeFactory serdes;
    private String group;

    private NotifierApp start() {
        Map<String, Object> config = new HashMap<>(topics.asConfig());
        config.put("bootstrap.servers", KAFKA.bootstrapServers());
        config.put("schema.registry.url", registryUrl);
        config.put("vigil.ops.port", "0");
        config.put(NotifierConfig.GROUP_ID, group);
        config.put(NotifierConfig.CHANNELS, "console");
        config.put(NotifierConfig.CONSOLE_MIN_SEVERITY, "critical");
        config.put(NotifierConfig.ALLOWED_HOSTS, java.net.URI.create(RECEIVER.baseUrl()).getHost());
        config.put(NotifierConfig.RETRY_INITIAL_BACKOFF, "10ms");
        NotifierApp app = new NotifierApp(new NotifierConfig(config), new PrintStream(new ByteArrayOutputStream()));
        app.start();
        return app;
    }

    private String registryUrl;

    private void setUp(String path) {
        topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 1);
        registryUrl = KAFKA.registryUrl();
        serdes = SerdeFactory.forRegistry(registryUrl);
        group = KAFKA.uniqueName("routing");
        RECEIVER.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(204)));
    }

    private void channel(String name, String path, String groupWait, String groupInterval, String budget) {
        ChannelConfig config = ChannelConfig.newBuilder().setName(name).setType("webhook")
                .setSettings(Map.of("url", RECEIVER.baseUrl() + path)).setGroupWait(groupWait).setGroupInterval(groupInterval)
                .setRateBudget(budget).build();
        KAFKA.produce(topics.channels(), name, config, serdes.valueSerde(ChannelConfig.class).serializer());
    }

    private List<Alert> alerts(String prefix, int n) {
        List<Alert> alerts = java.util.stream.IntStream.range(0, n).mapToObj(i -> TestAlerts.scopeEscalation()
                .setAlertId(prefix + "-" + i).setAgentId(prefix + "-agent-" + i).build()).toList();
        alerts.forEach(a -> KAFKA.produce(topics.alerts(), a.getAgentId(), a, serdes.valueSerde(Alert.class).serializer()));
        return alerts;
    }

    private List<NotificationRecord> ledgerUntil(int count, Predicate<NotificationRecord> which) {
        return await().atMost(WAIT).until(() -> KAFKA.consume(topics.notifications(),
                        serdes.valueSerde(NotificationRecord.class).deserializer(), 1, WAIT).stream().map(ConsumerRecord::value)
                .filter(which).toList(), l -> l.size() >= count);
    }

    private static JsonNode body(LoggedRequest request) throws Exception {
        return JSON.readTree(request.getBodyAsString());
    }

    @Test
    void aChannelFromTheTopicDeliversAndASilenceHoldsBackWhatItMatches() throws Exception {
        setUp("/hook");
        channel("hook", "/hook", null, null, null);
        Silence silence = Silence.newBuilder().setSilenceId("maintenance").setMatchers(Map.of("agentId", "s-agent-0"))
                .setStartsAt(Instant.now().minusSeconds(60)).setEndsAt(Instant.now().plusSeconds(3600))
                .setCreatedBy("alice").setComment("planned maintenance").setCreatedAt(Instant.now()).build();
        KAFKA.produce(topics.silences(), "maintenance", silence, serdes.valueSerde(Silence.class).serializer());
        try (NotifierApp app = start()) {
            alerts("s", 2);
            List<NotificationRecord> records = ledgerUntil(2, r -> r.getChannel().equals("hook"));
            assertThat(records).extracting(r -> r.getAlertId() + ":" + r.getOutcome())
                    .containsExactlyInAnyOrder("s-0:silenced", "s-1:delivered");
            assertThat(records).filteredOn(r -> r.getOutcome() == DeliveryOutcome.silenced).singleElement()
                    .satisfies(r -> assertThat(r.getReason()).contains("maintenance").contains("alice").contains("planned maintenance"));
        }
        assertThat(RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/hook")))).singleElement()
                .satisfies(r -> assertThat(body(r).get("alertId").asText()).isEqualTo("s-1"));
    }

    @Test
    void aGroupingChannelSendsTheAlertsOfOneTenantAndRuleTogetherAfterGroupWait() throws Exception {
        setUp("/grouped");
        channel("grouped", "/grouped", "2s", "1m", null);
        try (NotifierApp app = start()) {
            List<Alert> alerts = alerts("g", 3);
            List<NotificationRecord> members = ledgerUntil(3, r -> r.getTrigger().equals("group") && r.getAttempt() == 0);
            assertThat(members).extracting(NotificationRecord::getAlertId).containsExactlyInAnyOrder("g-0", "g-1", "g-2");
            assertThat(members).allSatisfy(r -> {
                assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.delivered);
                assertThat(r.getReason()).startsWith("sent in group group-").contains("of 3 alerts");
            });
            await().atMost(WAIT).untilAsserted(() -> assertThat(KAFKA.adminClient().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get().get(new TopicPartition(topics.alerts(), 0)).offset()).isEqualTo(3L));
            assertThat(alerts).hasSize(3);
        }
        assertThat(RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/grouped")))).singleElement().satisfies(r -> {
            JsonNode body = body(r);
            assertThat(body.get("alertId").asText()).startsWith("group-");
            assertThat(body.get("observed").get("alerts").asText()).isEqualTo("3");
            assertThat(body.get("description").asText()).contains("g-agent-0").contains("g-agent-2");
        });
    }

    @Test
    void overARateBudgetTheAlertsGoOutAsOneCountedDigest() throws Exception {
        setUp("/paced");
        channel("paced", "/paced", null, null, "2/4s");
        try (NotifierApp app = start()) {
            alerts("p", 6);
            List<NotificationRecord> digested = ledgerUntil(4, r -> r.getTrigger().equals("digest") && r.getAttempt() == 0);
            assertThat(digested).extracting(NotificationRecord::getAlertId).containsExactlyInAnyOrder("p-2", "p-3", "p-4", "p-5");
            assertThat(digested).allSatisfy(r -> {
                assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.suppressed);
                assertThat(r.getReason()).startsWith("rolled into digest digest-").contains("of 4 alerts");
            });
        }
        List<LoggedRequest> requests = RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/paced")));
        assertThat(requests).hasSize(3);
        assertThat(body(requests.get(0)).get("alertId").asText()).isEqualTo("p-0");
        assertThat(body(requests.get(1)).get("alertId").asText()).isEqualTo("p-1");
        JsonNode digest = body(requests.get(2));
        assertThat(digest.get("alertId").asText()).startsWith("digest-");
        assertThat(digest.get("observed").get("alerts").asText()).isEqualTo("4");
        assertThat(digest.get("ruleName").asText()).contains("held back by the channel's rate budget");
    }
}
