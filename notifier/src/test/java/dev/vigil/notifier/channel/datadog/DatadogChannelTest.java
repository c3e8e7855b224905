package dev.vigil.notifier.channel.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.avro.Alert;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.delivery.ChannelDelivery;
import dev.vigil.notifier.delivery.DeliveryRuntime;
import dev.vigil.notifier.delivery.RetryPolicy;
import dev.vigil.notifier.testing.JsonBodies;
import dev.vigil.notifier.testing.LocalHttps;
import dev.vigil.notifier.testing.LogCapture;
import dev.vigil.notifier.testing.RecordingSleeper;
import dev.vigil.notifier.testing.TestAlerts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Datadog channel against a real HTTPS endpoint standing in for the Events API v1. */
class DatadogChannelTest {

    private static final String PATH = "/api/v1/events";
    private static final String API_KEY = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String DELIVERY_ID = "0123456789abcdef0123456789abcdef";
    private static final String ACCEPTED = "{\"status\":\"ok\",\"event\":{\"id\":1377281704830403917}}";

    @RegisterExtension
    static final WireMockExtension DATADOG = WireMockExtension.newInstance().options(LocalHttps.wireMock()).build();

    private final Alert alert = TestAlerts.scopeEscalation().build();

    @Test
    void postsTheAlertAsAnEventTaggedForTenantAgentRuleAndSeverityWithTheApiKeyHeader() throws Exception {
        DATADOG.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));

        DeliveryResult result = datadog(Duration.ofSeconds(5)).send(alert, DELIVERY_ID);

        assertThat(result).isEqualTo(DeliveryResult.delivered(202));
        LoggedRequest request = onlyRequest();
        assertThat(JsonBodies.parse(request.getBodyAsString())).isEqualTo(JsonBodies.parse("""
                {
                  "title": "CRITICAL Scope escalation: did:web:x",
                  "text": "Asked for scope admin:all, outside its 3 registered scopes\\n\\nSuggested action: Revoke the grant and review the agent's registration.\\n\\nVigil alert 1a2b3c4d5e6f7a8b9c0d, delivery 0123456789abcdef0123456789abcdef",
                  "alert_type": "error",
                  "priority": "normal",
                  "source_type_name": "vigil",
                  "aggregation_key": "1a2b3c4d5e6f7a8b9c0d",
                  "date_happened": 1795169730,
                  "tags": ["tenant:t1", "agent:did:web:x", "rule:scope_escalation", "severity:critical", "category:access",
                           "vigil_alert:1a2b3c4d5e6f7a8b9c0d"]
                }
                """));
        assertThat(request.getHeader("DD-API-KEY")).isEqualTo(API_KEY);
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo(DELIVERY_ID);
        assertThat(request.getHeader("User-Agent")).isEqualTo("vigil-notifier/0.1");
    }

    @ParameterizedTest
    @CsvSource({"critical, error, normal", "high, error, normal", "medium, warning, normal", "low, info, low"})
    void mapsTheSeverityToAlertTypeAndPriority(Severity severity, String alertType, String priority) {
        JsonNode event = datadog(Duration.ofSeconds(5)).event(TestAlerts.withSeverity(severity), DELIVERY_ID);

        assertThat(event.get("alert_type").asText()).isEqualTo(alertType);
        assertThat(event.get("priority").asText()).isEqualTo(priority);
        assertThat(event.get("tags")).extracting(JsonNode::asText).contains("severity:" + severity.name());
    }

    @Test
    void writesTagsAsDatadogNormalisesThem() {
        assertThat(DatadogChannel.tag("tenant", "Acme Corp/EU")).isEqualTo("tenant:acme_corp/eu");
        assertThat(DatadogChannel.tag("agent", "did:web:agents.example.com:Bot#1")).isEqualTo("agent:did:web:agents.example.com:bot_1");
        assertThat(DatadogChannel.tag("rule", "x".repeat(300))).hasSize(200);
    }

    @Test
    void cutsTitleAndTextToTheApiLimitsKeepingTheDeliveryLine() {
        Alert verbose = TestAlerts.scopeEscalation().setRuleName("R".repeat(200)).setDescription("z".repeat(5000)).build();

        JsonNode event = datadog(Duration.ofSeconds(5)).event(verbose, DELIVERY_ID);

        assertThat(event.get("title").asText()).hasSize(100).endsWith("…");
        assertThat(event.get("text").asText()).hasSize(4000).endsWith("Vigil alert 1a2b3c4d5e6f7a8b9c0d, delivery " + DELIVERY_ID);
    }

    @ParameterizedTest
    @CsvSource({"429, RETRYABLE", "500, RETRYABLE", "503, RETRYABLE", "400, PERMANENT", "403, PERMANENT", "404, PERMANENT"})
    void classifiesDatadogsAnswers(int status, DeliveryResult.Kind kind) throws Exception {
        DATADOG.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status).withBody("{\"errors\":[\"Forbidden\"]}")));

        DeliveryResult result = datadog(Duration.ofSeconds(5)).send(alert, DELIVERY_ID);

        assertThat(result.kind()).isEqualTo(kind);
        assertThat(result.statusCode()).isEqualTo(status);
        assertThat(result.reason()).isEqualTo("HTTP " + status + ": {\"errors\":[\"Forbidden\"]}");
    }

    @Test
    void deliversOnTheSecondAttemptAfterA503() {
        DATADOG.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        DATADOG.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));

        List<NotificationRecord> ledger = deliver(datadog(Duration.ofSeconds(5)));

        assertThat(ledger).extracting(NotificationRecord::getOutcome).containsExactly(DeliveryOutcome.retrying, DeliveryOutcome.delivered);
        assertThat(DATADOG.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSize(2)
                .extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(ledger.get(0).getDeliveryId());
    }

    @Test
    void aSlowAnswerIsATimeout() {
        DATADOG.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(202).withFixedDelay(1_000)));

        assertThatThrownBy(() -> datadog(Duration.ofMillis(200)).send(alert, DELIVERY_ID)).isInstanceOf(HttpTimeoutException.class);
        // WireMock records the request once its delayed answer is written: wait for it, so it cannot land in the next test.
        // On a loaded machine the attempt may time out before the request even reached WireMock; either way, wait out
        // the 1 s delay (and a margin) so no late request lands in the next test, and never more than one came.
        await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(DATADOG.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSizeLessThanOrEqualTo(1));
    }

    @Test
    void refusesALoopbackIntakeUnderTheDefaultPolicyWithoutARequest() throws Exception {
        DatadogChannel channel = new DatadogChannel(new DatadogConfig(API_KEY, "datadoghq.com", intakeUrl(), Duration.ofSeconds(5)),
                HostPolicy.PUBLIC_ONLY, LocalHttps.trustingTestCertificate());

        DeliveryResult result = channel.send(alert, DELIVERY_ID);

        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(result.reason()).contains("loopback");
        DATADOG.verify(0, postRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void theApiKeyIsTheSecretAndNeverReachesALogLineOrTheLedger() {
        DATADOG.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(403)
                .withBody("{\"errors\":[\"API key " + API_KEY + " is invalid\"]}")));
        DatadogChannel channel = datadog(Duration.ofSeconds(5));
        List<NotificationRecord> ledger;
        List<String> logs;
        try (LogCapture capture = new LogCapture()) {
            ledger = deliver(channel);
            logs = capture.lines();
        }

        assertThat(channel.secrets()).containsExactly(API_KEY);
        assertThat(channel.target()).isEqualTo("https://localhost:" + DATADOG.getHttpsPort() + PATH);
        assertThat(ledger).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.failed);
            assertThat(r.getReason()).isEqualTo("HTTP 403: {\"errors\":[\"API key *** is invalid\"]}");
        });
        assertThat(logs).anyMatch(line -> line.contains("NOT delivered")).noneMatch(line -> line.contains(API_KEY));
    }

    private static URI intakeUrl() {
        return URI.create("https://localhost:" + DATADOG.getHttpsPort() + PATH);
    }

    private static DatadogChannel datadog(Duration timeout) {
        return new DatadogChannel(new DatadogConfig(API_KEY, "datadoghq.eu", intakeUrl(), timeout), HostPolicy.allowAll(),
                LocalHttps.trustingTestCertificate());
    }

    private List<NotificationRecord> deliver(DatadogChannel channel) {
        DeliveryRuntime runtime = new DeliveryRuntime(new RecordingSleeper(), new SimpleMeterRegistry(), Clock.systemUTC(), () -> 0.0);
        return new ChannelDelivery("datadog-events", channel, Severity.low,
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30)), runtime).deliver(alert).ledger();
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = DATADOG.findAll(postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
