package dev.vigil.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.AuthorizationAction;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Outcome;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.LifecycleApp;
import dev.vigil.lifecycle.LifecycleConfig;
import dev.vigil.notifier.NotifierApp;
import dev.vigil.notifier.NotifierConfig;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import dev.vigil.topology.TopologyApp;
import dev.vigil.topology.TopologyConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One alert's whole journey on a real broker: event → topology → alert → notifier → webhook → lifecycle API →
 * acknowledgement event on Kafka → the view says acknowledged.
 */
class AlertJourneyTest {

    /** The responder's key: its name is the actor of the acknowledgement. */
    private static final dev.vigil.lifecycle.auth.ApiKeys.Created KEY = dev.vigil.lifecycle.auth.ApiKeys.create("*",
            dev.vigil.lifecycle.auth.Role.RESPONDER, "alice@acme.example");

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String AGENT = "did:web:agents.acme.example:billing-bot";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    private final WireMockServer webhook = new WireMockServer(wireMockConfig().dynamicPort());
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Topics topics;
    private String registry;
    private TopologyApp topology;
    private NotifierApp notifier;
    private LifecycleApp lifecycle;

    @BeforeEach
    void startTheApps() {
        webhook.start();
        webhook.stubFor(post(urlEqualTo("/hooks/vigil")).willReturn(aResponse().withStatus(204)));
        topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 2);
        registry = KAFKA.registryUrl();
        topology = new TopologyApp(new TopologyConfig(settings(Map.of(
                "application.id", KAFKA.uniqueName("journey-topology"), "state.dir", stateDir.resolve("t").toString()))));
        topology.start();
        notifier = new NotifierApp(new NotifierConfig(settings(Map.of(
                "vigil.notifier.group-id", KAFKA.uniqueName("journey-notifier"),
                "vigil.notifier.channels", "console,webhook",
                "vigil.notifier.webhook.url", webhook.baseUrl() + "/hooks/vigil",
                "vigil.notifier.allowed-hosts", java.net.URI.create(webhook.baseUrl()).getHost(),
                "vigil.notifier.webhook.min-severity", "high"))), new PrintStream(console, true, StandardCharsets.UTF_8));
        notifier.start();
        lifecycle = new LifecycleApp(new LifecycleConfig(settings(Map.of(
                "application.id", KAFKA.uniqueName("journey-lifecycle"), "state.dir", stateDir.resolve("l").toString(),
                "vigil.lifecycle.http.port", "0", "vigil.lifecycle.http.host", "127.0.0.1",
                "vigil.lifecycle.api-keys", KEY.entry()))));
        lifecycle.start();
    }

    @AfterEach
    void stopTheApps() throws Exception {
        for (AutoCloseable app : new AutoCloseable[] {lifecycle, notifier, topology}) {
            if (app != null) {
                app.close();
            }
        }
        webhook.stop();
    }

    @Test
    void aScopeEscalationTravelsFromEventToAcknowledgement() throws Exception {
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        KAFKA.produce(topics.agents(), AGENT, profile(), serdes.valueSerde(AgentProfile.class).serializer());
        KAFKA.produce(topics.events(), AGENT, escalation(), serdes.valueSerde(AgentEvent.class).serializer());

        ConsumerRecord<String, Alert> alertRecord = KAFKA.awaitRecord(topics.alerts(), serdes.valueSerde(Alert.class).deserializer(),
                r -> r.value().getRuleId().equals("scope_escalation"), PATIENCE);
        Alert alert = alertRecord.value();
        assertThat(alertRecord.key()).isEqualTo(AGENT);
        assertThat(alert.getDescription()).contains("payments:write");

        await().atMost(PATIENCE).untilAsserted(() -> webhook.verify(1, postRequestedFor(urlEqualTo("/hooks/vigil"))
                .withRequestBody(matchingJsonPath("$.alertId", com.github.tomakehurst.wiremock.client.WireMock.equalTo(alert.getAlertId())))));
        assertThat(KAFKA.awaitRecord(topics.notifications(), serdes.valueSerde(NotificationRecord.class).deserializer(),
                r -> r.value().getChannel().equals("webhook") && r.value().getOutcome() == DeliveryOutcome.delivered, PATIENCE).key())
                .isEqualTo(alert.getAlertId());
        await().atMost(PATIENCE).until(() -> console.toString(StandardCharsets.UTF_8).contains(alert.getAlertId().substring(0, 8)));

        String alertUrl = lifecycle.baseUrl() + "/v1/alerts/" + alert.getAlertId();
        await().atMost(PATIENCE).until(() -> get(alertUrl).statusCode() == 200);
        assertThat(JSON.readTree(get(alertUrl).body()).path("status").asText()).isEqualTo("open");

        HttpResponse<String> ack = http.send(HttpRequest.newBuilder(URI.create(alertUrl + "/acknowledge"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY.key())
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"looking into it\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ack.statusCode()).isEqualTo(200);

        AlertLifecycleEvent decision = KAFKA.awaitRecord(topics.alertEvents(),
                serdes.valueSerde(AlertLifecycleEvent.class).deserializer(),
                r -> alert.getAlertId().equals(r.value().getAlertId()), PATIENCE).value();
        assertThat(decision.getAction()).isEqualTo(LifecycleAction.ACKNOWLEDGE);
        assertThat(decision.getActor()).isEqualTo("alice@acme.example");
        assertThat(decision.getNote()).isEqualTo("looking into it");
        assertThat(decision.getAgentId()).isEqualTo(AGENT);

        JsonNode view = JSON.readTree(get(alertUrl).body());
        assertThat(view.path("status").asText()).isEqualTo("acknowledged");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KEY.key()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> settings(Map<String, String> own) {
        Map<String, Object> values = new HashMap<>(own);
        values.putAll(topics.asConfig());
        values.put(CommonConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        values.put(CommonConfig.OPS_PORT, "0");
        return values;
    }

    private static AgentProfile profile() {
        return AgentProfile.newBuilder().setAgentId(AGENT).setTenantId("acme").setName("billing bot")
                .setRegisteredScopes(List.of("invoices:read", "email:send")).build();
    }

    private static AgentEvent escalation() {
        return AgentEvent.newBuilder().setEventId("evt-journey-1").setTenantId("acme").setAgentId(AGENT)
                .setPrincipalId("user:alice").setOccurredAt(Instant.parse("2026-11-20T10:00:00Z")).setSourceIp("203.0.113.7")
                .setOutcome(Outcome.success)
                .setPayload(AuthorizationPayload.newBuilder().setAction(AuthorizationAction.token_request)
                        .setGrantId("g-1").setTokenJti("jti-1").setScopes(List.of("invoices:read", "payments:write")).build())
                .build();
    }
}
