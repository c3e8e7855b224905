package dev.vigil.notifier.channel.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.avro.Alert;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.ingest.AlertJson;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.delivery.ChannelDelivery;
import dev.vigil.notifier.delivery.DeliveryId;
import dev.vigil.notifier.delivery.DeliveryReport;
import dev.vigil.notifier.delivery.DeliveryRuntime;
import dev.vigil.notifier.delivery.RetryPolicy;
import dev.vigil.notifier.testing.LogCapture;
import dev.vigil.notifier.testing.RecordingSleeper;
import dev.vigil.notifier.testing.TestAlerts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The webhook channel, through the real delivery wrapper, against a real HTTP endpoint. */
class WebhookChannelTest {

    private static final String PATH = "/hooks/vigil";
    private static final String TOKEN = "s3cr3t-token-42";
    private static final String SECRET_KEY_BASE64 = "S2V5Rm9yVmlnaWxXZWJob29rVGVzdHMtMzItYnl0ZXMh";
    private static final String SECRET = "whsec_" + SECRET_KEY_BASE64;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final WireMockExtension RECEIVER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final Alert alert = TestAlerts.scopeEscalation().build();
    private final String deliveryId = DeliveryId.of(alert, "webhook");

    @Test
    void postsTheAlertAsJsonWithTheIdempotencyKeyAndUserAgent() {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(204)));

        DeliveryReport report = deliver(webhook(Duration.ofSeconds(5)), alert);

        assertThat(report.ledger()).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.delivered);
            assertThat(r.getStatusCode()).isEqualTo(204);
            assertThat(r.getDeliveryId()).isEqualTo(deliveryId);
        });
        LoggedRequest request = onlyRequest();
        assertThat(request.getBodyAsString()).isEqualTo(AlertJson.write(alert));
        assertThat(AlertJson.parse(request.getBodyAsString())).isEqualTo(alert);
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo(deliveryId);
        assertThat(request.getHeader("User-Agent")).isEqualTo("vigil-notifier/0.1");
        assertThat(request.queryParameter("token").firstValue()).isEqualTo(TOKEN);
    }

    @Test
    void deliversOnTheSecondAttemptAfterA503WithTheSameIdempotencyKey() {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));

        DeliveryReport report = deliver(webhook(Duration.ofSeconds(5)), alert);

        assertThat(RECEIVER.findAll(postRequestedFor(urlPathEqualTo(PATH))))
                .hasSize(2).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(deliveryId);
        assertThat(report.ledger()).extracting(NotificationRecord::getOutcome, NotificationRecord::getStatusCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DeliveryOutcome.retrying, 503),
                        org.assertj.core.groups.Tuple.tuple(DeliveryOutcome.delivered, 200));
        assertThat(sleeper.pauses()).hasSize(1);
    }

    @Test
    void failsPermanentlyOnA400AfterOneRequest() {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400).withBody("{\"error\":\"unknown field\"}")));

        DeliveryReport report = deliver(webhook(Duration.ofSeconds(5)), alert);

        RECEIVER.verify(1, postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(report.ledger()).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.failed);
            assertThat(r.getStatusCode()).isEqualTo(400);
            assertThat(r.getReason()).isEqualTo("HTTP 400: {\"error\":\"unknown field\"}");
        });
        assertThat(sleeper.pauses()).isEmpty();
    }

    @Test
    void retriesATimeoutAndRecordsTheFailureAfterTheLastAttempt() {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));

        DeliveryReport report = deliver(webhook(Duration.ofMillis(150)), alert);

        assertThat(report.ledger()).extracting(NotificationRecord::getOutcome)
                .containsExactly(DeliveryOutcome.retrying, DeliveryOutcome.retrying, DeliveryOutcome.failed);
        assertThat(report.ledger().get(2).getReason()).startsWith("gave up after 3 attempts: HttpTimeoutException");
        assertThat(report.ledger().get(2).getStatusCode()).isNull();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> RECEIVER.verify(3, postRequestedFor(urlPathEqualTo(PATH))));
    }

    @Test
    void waitsAsTheRetryAfterOfA429Asks() {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")).willSetStateTo("open"));
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).inScenario("throttled").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(202)));

        DeliveryReport report = deliver(webhook(Duration.ofSeconds(5)), alert);

        RECEIVER.verify(2, postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(7));
        assertThat(report.ledger()).extracting(NotificationRecord::getOutcome)
                .containsExactly(DeliveryOutcome.retrying, DeliveryOutcome.delivered);
        assertThat(report.ledger().get(0).getStatusCode()).isEqualTo(429);
        assertThat(report.ledger().get(0).getReason()).isEqualTo("HTTP 429; attempt 2 in 7000 ms (Retry-After)");
    }

    @Test
    void aRetryAfterBeyondTheCapIsCutToTheCap() {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "86400")));

        DeliveryReport report = deliver(webhook(Duration.ofSeconds(5)), alert);

        RECEIVER.verify(3, postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(report.ledger().get(2).getOutcome()).isEqualTo(DeliveryOutcome.failed);
    }

    @Test
    void neverPutsTheUrlTokenInALogLineOrTheLedger() throws IOException {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(401)
                .withBody("token " + TOKEN + " is not valid for " + RECEIVER.baseUrl() + PATH + "?token=" + TOKEN)));
        List<NotificationRecord> ledger = new ArrayList<>();
        List<String> logs;
        try (LogCapture capture = new LogCapture()) {
            ledger.addAll(deliver(webhook(Duration.ofSeconds(5)), alert).ledger());
            ledger.addAll(deliver(webhookTo(URI.create("http://localhost:" + closedPort() + PATH + "?token=" + TOKEN),
                    Duration.ofSeconds(5)), alert).ledger());
            RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
            ledger.addAll(deliver(webhook(Duration.ofMillis(150)), alert).ledger());
            logs = capture.lines();
        }

        assertThat(ledger).extracting(NotificationRecord::getOutcome).contains(DeliveryOutcome.failed, DeliveryOutcome.retrying);
        assertThat(ledger).extracting(NotificationRecord::getReason).noneMatch(reason -> reason != null && reason.contains(TOKEN));
        assertThat(logs).anyMatch(line -> line.contains("http://localhost:" + RECEIVER.getPort() + PATH))
                .noneMatch(line -> line.contains(TOKEN));
        assertThat(webhook(Duration.ofSeconds(1)).target()).isEqualTo("http://localhost:" + RECEIVER.getPort() + PATH);
    }

    @Test
    void signsTheExactBodyWithTheThreeStandardWebhooksHeaders() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(204)));
        WebhookChannel channel = signedWebhook(Clock.fixed(Instant.parse("2026-11-20T10:15:31.900Z"), ZoneOffset.UTC));

        DeliveryReport report = deliver(channel, alert);

        assertThat(report.ledger()).extracting(NotificationRecord::getOutcome).containsExactly(DeliveryOutcome.delivered);
        LoggedRequest request = onlyRequest();
        assertThat(request.getBodyAsString()).isEqualTo(AlertJson.write(alert));
        assertThat(JSON.readTree(request.getBody())).isEqualTo(JSON.readTree("""
                {"alertId":"1a2b3c4d5e6f7a8b9c0d","ruleId":"scope_escalation","ruleVersion":null,
                 "ruleName":"Scope escalation","category":"access","severity":"critical","score":95,"calibrating":false,
                 "tenantId":"t1","agentId":"did:web:x","principalId":null,
                 "description":"Asked for scope admin:all, outside its 3 registered scopes",
                 "observed":{"scope":"admin:all"},"baseline":{"registeredScopes":3},
                 "windowStart":"2026-11-20T10:15:30.123Z","windowEnd":"2026-11-20T10:15:30.123Z",
                 "evidence":{"eventIds":["ev-1"],"topic":"vigil.events.v1","partition":0,"firstOffset":7,"lastOffset":7},
                 "suggestedAction":"Revoke the grant and review the agent's registration.","attack":"T1078",
                 "occurrences":1,"firstSeen":"2026-11-20T10:15:30.123Z","lastSeen":"2026-11-20T10:15:30.123Z",
                 "detectedAt":"2026-11-20T10:15:30.123Z","channels":[]}"""));
        assertThat(request.getHeader("webhook-id")).isEqualTo(deliveryId);
        assertThat(request.getHeader("webhook-timestamp")).isEqualTo("1795169731");
        assertThat(request.getHeader("webhook-signature"))
                .isEqualTo(expectedSignature(deliveryId, "1795169731", request.getBody()));
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo(deliveryId);
    }

    /** The request shown in docs/channels.md, to the byte, so the example there stays true. */
    @Test
    void sendsTheRequestDocumentedInChannelsMd() {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(204)));
        WebhookChannel channel = new WebhookChannel(new WebhookConfig(URI.create(RECEIVER.baseUrl() + PATH), Duration.ofSeconds(5),
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), HostPolicy.allowAll(),
                Clock.fixed(Instant.ofEpochSecond(1795169731L), ZoneOffset.UTC));

        deliver(channel, alert);

        LoggedRequest request = onlyRequest();
        assertThat(request.getHeader("webhook-id")).isEqualTo("2d4c7b51b230e540316911c55a2d734e");
        assertThat(request.getHeader("webhook-timestamp")).isEqualTo("1795169731");
        assertThat(request.getHeader("webhook-signature")).isEqualTo("v1,oABtGQ2nvQywZr05TJem7mvwfOQ40pJh9siyNlEtzTY=");
        assertThat(request.getBodyAsString()).isEqualTo("{\"alertId\":\"1a2b3c4d5e6f7a8b9c0d\",\"ruleId\":\"scope_escalation\","
                + "\"ruleVersion\":null,\"ruleName\":\"Scope escalation\",\"category\":\"access\",\"severity\":\"critical\","
                + "\"score\":95,\"calibrating\":false,\"tenantId\":\"t1\",\"agentId\":\"did:web:x\",\"principalId\":null,"
                + "\"description\":\"Asked for scope admin:all, outside its 3 registered scopes\",\"observed\":{\"scope\":\"admin:all\"},"
                + "\"baseline\":{\"registeredScopes\":3},\"windowStart\":\"2026-11-20T10:15:30.123Z\","
                + "\"windowEnd\":\"2026-11-20T10:15:30.123Z\",\"evidence\":{\"eventIds\":[\"ev-1\"],\"topic\":\"vigil.events.v1\","
                + "\"partition\":0,\"firstOffset\":7,\"lastOffset\":7},"
                + "\"suggestedAction\":\"Revoke the grant and review the agent's registration.\",\"attack\":\"T1078\","
                + "\"occurrences\":1,\"firstSeen\":\"2026-11-20T10:15:30.123Z\",\"lastSeen\":\"2026-11-20T10:15:30.123Z\","
                + "\"detectedAt\":\"2026-11-20T10:15:30.123Z\",\"channels\":[]}");
    }

    @Test
    void signsEachRetryAfreshWithItsOwnTimestampAndTheSameId() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));
        Clock steppingASecondPerReading = new Clock() {
            private Instant now = Instant.parse("2026-11-20T10:15:31Z");

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public synchronized Instant instant() {
                now = now.plusSeconds(1);
                return now;
            }
        };

        deliver(signedWebhook(steppingASecondPerReading), alert);

        List<LoggedRequest> requests = RECEIVER.findAll(postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(requests).extracting(r -> r.getHeader("webhook-id")).containsExactly(deliveryId, deliveryId);
        assertThat(requests).extracting(r -> r.getHeader("webhook-timestamp")).doesNotHaveDuplicates()
                .allMatch(t -> Long.parseLong(t) > 1795169731L);
        for (LoggedRequest r : requests) {
            assertThat(r.getHeader("webhook-signature"))
                    .isEqualTo(expectedSignature(deliveryId, r.getHeader("webhook-timestamp"), r.getBody()));
        }
    }

    @Test
    void sendsNoSignatureHeadersWithoutASecret() {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));

        deliver(webhook(Duration.ofSeconds(5)), alert);

        LoggedRequest request = onlyRequest();
        assertThat(request.containsHeader("webhook-id")).isFalse();
        assertThat(request.containsHeader("webhook-timestamp")).isFalse();
        assertThat(request.containsHeader("webhook-signature")).isFalse();
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo(deliveryId);
    }

    @Test
    void neverPutsTheSigningSecretInALogLineOrTheLedger() {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(403)
                .withBody("secret " + SECRET + " revoked; key " + SECRET.substring("whsec_".length()))));
        WebhookChannel channel = signedWebhook(Clock.systemUTC());
        List<String> logs;
        DeliveryReport report;
        try (LogCapture capture = new LogCapture()) {
            report = deliver(channel, alert);
            logs = capture.lines();
        }

        assertThat(report.ledger()).singleElement().satisfies(r -> assertThat(r.getReason()).isEqualTo("HTTP 403: secret *** revoked; key ***"));
        assertThat(logs).isNotEmpty().noneMatch(line -> line.contains(SECRET_KEY_BASE64));
        assertThat(channel.secrets()).contains(SECRET, SECRET_KEY_BASE64);
    }

    @Test
    void refusesALoopbackUrlWithTheDefaultHostPolicyWithoutSendingAnything() {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
        WebhookChannel channel = new WebhookChannel(new WebhookConfig(URI.create(RECEIVER.baseUrl() + PATH + "?token=" + TOKEN),
                Duration.ofSeconds(5), SECRET), HostPolicy.PUBLIC_ONLY);

        DeliveryReport report = deliver(channel, alert);

        assertThat(report.ledger()).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.failed);
            assertThat(r.getAttempt()).isEqualTo(1);
            assertThat(r.getReason()).contains("loopback").contains("allow-listed").doesNotContain(TOKEN);
        });
        RECEIVER.verify(0, postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(sleeper.pauses()).isEmpty();
    }

    @Test
    void letsAnAllowListedHostPortThrough() {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
        WebhookChannel channel = new WebhookChannel(new WebhookConfig(URI.create(RECEIVER.baseUrl() + PATH), Duration.ofSeconds(5)),
                new HostPolicy(Set.of("localhost:" + RECEIVER.getPort())));

        assertThat(deliver(channel, alert).ledger()).extracting(NotificationRecord::getOutcome).containsExactly(DeliveryOutcome.delivered);
    }

    @Test
    void treatsQueryValuesAsSecretsButNotOnesTooShortToBeTokens() {
        WebhookChannel channel = webhookTo(URI.create("https://h.example/p?v=2&token=abc%2Fdef123"), Duration.ofSeconds(1));

        assertThat(channel.secrets()).contains("abc%2Fdef123", "abc/def123").doesNotContain("2", "v=2");
    }

    private WebhookChannel webhook(Duration timeout) {
        return webhookTo(URI.create(RECEIVER.baseUrl() + PATH + "?token=" + TOKEN), timeout);
    }

    private WebhookChannel signedWebhook(Clock clock) {
        return new WebhookChannel(new WebhookConfig(URI.create(RECEIVER.baseUrl() + PATH + "?token=" + TOKEN),
                Duration.ofSeconds(5), SECRET), HostPolicy.allowAll(), clock);
    }

    /** The Standard Webhooks signature computed here from the spec, independently of {@link WebhookSigner}. */
    private static String expectedSignature(String id, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET_KEY_BASE64), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    private static WebhookChannel webhookTo(URI url, Duration timeout) {
        return new WebhookChannel(new WebhookConfig(url, timeout), HostPolicy.allowAll());
    }

    private DeliveryReport deliver(WebhookChannel channel, Alert alert) {
        DeliveryRuntime runtime = new DeliveryRuntime(sleeper, new SimpleMeterRegistry(), Clock.systemUTC(), () -> 0.0);
        return new ChannelDelivery("webhook", channel, Severity.low,
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30)), runtime).deliver(alert);
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = RECEIVER.findAll(postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
