package dev.vigil.notifier.channel.pagerduty;

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
import dev.vigil.avro.LifecycleAction;
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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The PagerDuty channel against a real HTTPS endpoint standing in for the Events API v2. */
class PagerDutyChannelTest {

    private static final String PATH = "/v2/enqueue";
    private static final String ROUTING_KEY = "e93facc04764012d7bfb002500d5d1a6";
    private static final String DELIVERY_ID = "0123456789abcdef0123456789abcdef";
    private static final URI ALERT_BASE = URI.create("https://vigil.example.com");
    private static final String ACCEPTED = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"1a2b3c4d5e6f7a8b9c0d\"}";

    @RegisterExtension
    static final WireMockExtension PAGERDUTY = WireMockExtension.newInstance().options(LocalHttps.wireMock()).build();

    private final Alert alert = TestAlerts.scopeEscalation().build();

    @Test
    void triggersAnIncidentDedupedOnTheAlertIdWithTheFactsAndALink() throws Exception {
        PAGERDUTY.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));

        DeliveryResult result = pagerDuty(ALERT_BASE, Duration.ofSeconds(5)).send(alert, DELIVERY_ID);

        assertThat(result).isEqualTo(DeliveryResult.delivered(202));
        LoggedRequest request = onlyRequest();
        assertThat(JsonBodies.parse(request.getBodyAsString())).isEqualTo(JsonBodies.parse("""
                {
                  "routing_key": "e93facc04764012d7bfb002500d5d1a6",
                  "event_action": "trigger",
                  "dedup_key": "1a2b3c4d5e6f7a8b9c0d",
                  "payload": {
                    "summary": "CRITICAL Scope escalation: agent did:web:x (tenant t1) — Asked for scope admin:all, outside its 3 registered scopes",
                    "source": "did:web:x",
                    "severity": "critical",
                    "timestamp": "2026-11-20T10:15:30.123Z",
                    "component": "scope_escalation",
                    "group": "t1",
                    "class": "access",
                    "custom_details": {
                      "description": "Asked for scope admin:all, outside its 3 registered scopes",
                      "ruleName": "Scope escalation",
                      "observed": {"scope": "admin:all"},
                      "baseline": {"registeredScopes": 3},
                      "score": 95,
                      "occurrences": 1,
                      "firstSeen": "2026-11-20T10:15:30.123Z",
                      "lastSeen": "2026-11-20T10:15:30.123Z",
                      "evidenceEventIds": ["ev-1"],
                      "suggestedAction": "Revoke the grant and review the agent's registration.",
                      "attack": "T1078",
                      "calibrating": false,
                      "deliveryId": "0123456789abcdef0123456789abcdef"
                    }
                  },
                  "links": [{"href": "https://vigil.example.com/v1/alerts/1a2b3c4d5e6f7a8b9c0d", "text": "Alert in Vigil"}],
                  "client": "Vigil",
                  "client_url": "https://vigil.example.com/v1/alerts/1a2b3c4d5e6f7a8b9c0d"
                }
                """));
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo(DELIVERY_ID);
        assertThat(request.getHeader("User-Agent")).isEqualTo("vigil-notifier/0.1");
    }

    @Test
    void withoutAnAlertBaseUrlThereAreNoLinks() throws Exception {
        PAGERDUTY.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));

        pagerDuty(null, Duration.ofSeconds(5)).send(alert, DELIVERY_ID);

        JsonNode event = JsonBodies.parse(onlyRequest().getBodyAsString());
        assertThat(event.has("links")).isFalse();
        assertThat(event.has("client_url")).isFalse();
        assertThat(event.get("client").asText()).isEqualTo("Vigil");
    }

    @ParameterizedTest
    @CsvSource({"critical, critical", "high, error", "medium, warning", "low, info"})
    void mapsTheSeverity(Severity severity, String pagerDutySeverity) {
        JsonNode event = pagerDuty(null, Duration.ofSeconds(5)).trigger(TestAlerts.withSeverity(severity), DELIVERY_ID);

        assertThat(event.at("/payload/severity").asText()).isEqualTo(pagerDutySeverity);
    }

    @Test
    void cutsTheSummaryTo1024Characters() {
        Alert verbose = TestAlerts.scopeEscalation().setDescription("y".repeat(3000)).build();

        JsonNode event = pagerDuty(null, Duration.ofSeconds(5)).trigger(verbose, DELIVERY_ID);

        assertThat(event.at("/payload/summary").asText()).hasSize(1024).endsWith("…");
        assertThat(event.at("/payload/custom_details/description").asText()).hasSize(3000);
    }

    @ParameterizedTest
    @CsvSource({"ACKNOWLEDGE, acknowledge", "RESOLVE, resolve"})
    void followsTheLifecycleOnTheSameDedupKey(LifecycleAction action, String eventAction) throws Exception {
        PAGERDUTY.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
        PagerDutyChannel channel = pagerDuty(ALERT_BASE, Duration.ofSeconds(5));

        DeliveryResult result = channel.sendLifecycle(notice(action), "fedcba9876543210fedcba9876543210");

        assertThat(channel.followsLifecycle()).isTrue();
        assertThat(result).isEqualTo(DeliveryResult.delivered(202));
        LoggedRequest request = onlyRequest();
        assertThat(JsonBodies.parse(request.getBodyAsString())).isEqualTo(JsonBodies.parse("""
                {"routing_key": "e93facc04764012d7bfb002500d5d1a6", "event_action": "%s", "dedup_key": "1a2b3c4d5e6f7a8b9c0d"}
                """.formatted(eventAction)));
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("fedcba9876543210fedcba9876543210");
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleAction.class, names = {"ACKNOWLEDGE", "RESOLVE"}, mode = EnumSource.Mode.EXCLUDE)
    void otherLifecycleActionsArePermanentFailuresWithoutARequest(LifecycleAction action) throws Exception {
        DeliveryResult result = pagerDuty(null, Duration.ofSeconds(5)).sendLifecycle(notice(action), DELIVERY_ID);

        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(result.reason()).contains(action.name());
        PAGERDUTY.verify(0, postRequestedFor(urlPathEqualTo(PATH)));
    }

    @ParameterizedTest
    @CsvSource({"429, RETRYABLE", "500, RETRYABLE", "502, RETRYABLE", "400, PERMANENT", "403, PERMANENT", "404, PERMANENT"})
    void classifiesPagerDutysAnswers(int status, DeliveryResult.Kind kind) throws Exception {
        PAGERDUTY.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status)
                .withBody("{\"status\":\"invalid event\",\"message\":\"Event object is invalid\"}")));

        DeliveryResult result = pagerDuty(null, Duration.ofSeconds(5)).send(alert, DELIVERY_ID);

        assertThat(result.kind()).isEqualTo(kind);
        assertThat(result.statusCode()).isEqualTo(status);
        assertThat(result.reason()).isEqualTo("HTTP " + status + ": {\"status\":\"invalid event\",\"message\":\"Event object is invalid\"}");
    }

    @Test
    void retriesA429AsTheRetryAfterAsksAndThenDelivers() {
        PAGERDUTY.stubFor(post(urlPathEqualTo(PATH)).inScenario("throttled")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "4")).willSetStateTo("open"));
        PAGERDUTY.stubFor(post(urlPathEqualTo(PATH)).inScenario("throttled").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
        RecordingSleeper sleeper = new RecordingSleeper();

        List<NotificationRecord> ledger = deliver(pagerDuty(null, Duration.ofSeconds(5)), sleeper);

        assertThat(ledger).extracting(NotificationRecord::getOutcome).containsExactly(DeliveryOutcome.retrying, DeliveryOutcome.delivered);
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(4));
        assertThat(PAGERDUTY.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSize(2)
                .extracting(r -> JsonBodies.parse(r.getBodyAsString()).get("dedup_key").asText()).containsOnly(alert.getAlertId());
    }

    @Test
    void aSlowAnswerIsATimeout() {
        PAGERDUTY.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(202).withFixedDelay(1_000)));

        assertThatThrownBy(() -> pagerDuty(null, Duration.ofMillis(200)).send(alert, DELIVERY_ID)).isInstanceOf(HttpTimeoutException.class);
        // WireMock records the request once its delayed answer is written: wait for it, so it cannot land in the next test.
        // On a loaded machine the attempt may time out before the request even reached WireMock; either way, wait out
        // the 1 s delay (and a margin) so no late request lands in the next test, and never more than one came.
        await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(PAGERDUTY.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSizeLessThanOrEqualTo(1));
    }

    @Test
    void refusesALoopbackEndpointUnderTheDefaultPolicyButNotWhenAllowListed() throws Exception {
        PAGERDUTY.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
        PagerDutyConfig config = new PagerDutyConfig(ROUTING_KEY, eventsUrl(), null, Duration.ofSeconds(5));

        DeliveryResult refused = new PagerDutyChannel(config, HostPolicy.PUBLIC_ONLY, LocalHttps.trustingTestCertificate()).send(alert, DELIVERY_ID);
        PAGERDUTY.verify(0, postRequestedFor(urlPathEqualTo(PATH)));
        DeliveryResult allowed = new PagerDutyChannel(config, new HostPolicy(Set.of("localhost:" + PAGERDUTY.getHttpsPort())),
                LocalHttps.trustingTestCertificate()).send(alert, DELIVERY_ID);

        assertThat(refused.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(refused.reason()).contains("loopback");
        assertThat(allowed).isEqualTo(DeliveryResult.delivered(202));
    }

    @Test
    void theRoutingKeyIsTheSecretAndNeverReachesALogLineOrTheLedger() {
        PAGERDUTY.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)
                .withBody("{\"status\":\"invalid event\",\"errors\":[\"routing_key " + ROUTING_KEY + " is not valid\"]}")));
        PagerDutyChannel channel = pagerDuty(null, Duration.ofSeconds(5));
        List<NotificationRecord> ledger;
        List<String> logs;
        try (LogCapture capture = new LogCapture()) {
            ledger = deliver(channel, new RecordingSleeper());
            logs = capture.lines();
        }

        assertThat(channel.secrets()).containsExactly(ROUTING_KEY);
        assertThat(channel.target()).isEqualTo("https://localhost:" + PAGERDUTY.getHttpsPort() + PATH);
        assertThat(ledger).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.failed);
            assertThat(r.getReason()).contains("routing_key *** is not valid").doesNotContain(ROUTING_KEY);
        });
        assertThat(logs).anyMatch(line -> line.contains("NOT delivered")).noneMatch(line -> line.contains(ROUTING_KEY));
    }

    private static URI eventsUrl() {
        return URI.create("https://localhost:" + PAGERDUTY.getHttpsPort() + PATH);
    }

    private static PagerDutyChannel pagerDuty(URI alertBaseUrl, Duration timeout) {
        return new PagerDutyChannel(new PagerDutyConfig(ROUTING_KEY, eventsUrl(), alertBaseUrl, timeout), HostPolicy.allowAll(),
                LocalHttps.trustingTestCertificate());
    }

    private List<NotificationRecord> deliver(PagerDutyChannel channel, RecordingSleeper sleeper) {
        DeliveryRuntime runtime = new DeliveryRuntime(sleeper, new SimpleMeterRegistry(), Clock.systemUTC(), () -> 0.0);
        return new ChannelDelivery("oncall", channel, Severity.low,
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30)), runtime).deliver(alert).ledger();
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = PAGERDUTY.findAll(postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private dev.vigil.notifier.channel.LifecycleNotice notice(LifecycleAction action) {
        return new dev.vigil.notifier.channel.LifecycleNotice(dev.vigil.avro.AlertLifecycleEvent.newBuilder()
                .setEventId("ev-1").setAction(action).setAlertId(alert.getAlertId()).setTenantId(alert.getTenantId())
                .setAgentId(alert.getAgentId()).setRuleId(alert.getRuleId()).setActor("alice")
                .setOccurredAt(java.time.Instant.parse("2026-11-20T12:00:00Z")).build(), alert);
    }
}
