package dev.vigil.notifier.channel.slack;

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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Slack channel against a real HTTPS endpoint standing in for Slack's incoming webhook. */
class SlackChannelTest {

    private static final String TOKEN = "xoxwebhooktoken0123456789";
    private static final String PATH = "/services/T0TEAM0001/B0HOOK0001/" + TOKEN;
    private static final String DELIVERY_ID = "0123456789abcdef0123456789abcdef";
    private static final URI ALERT_BASE = URI.create("https://vigil.example.com");

    @RegisterExtension
    static final WireMockExtension SLACK = WireMockExtension.newInstance().options(LocalHttps.wireMock()).build();

    private final Alert alert = TestAlerts.scopeEscalation().build();

    @Test
    void postsABlockKitMessageInTheSeverityColourWithTheFactsAndALinkToTheAlert() throws Exception {
        SLACK.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));

        DeliveryResult result = slack(ALERT_BASE, Duration.ofSeconds(5)).send(alert, DELIVERY_ID);

        assertThat(result).isEqualTo(DeliveryResult.delivered(200));
        LoggedRequest request = onlyRequest();
        assertThat(JsonBodies.parse(request.getBodyAsString())).isEqualTo(JsonBodies.parse("""
                {
                  "text": "CRITICAL Scope escalation: agent did:web:x (tenant t1) — Asked for scope admin:all, outside its 3 registered scopes",
                  "attachments": [{
                    "color": "#B71C1C",
                    "blocks": [
                      {"type": "header", "text": {"type": "plain_text", "text": "CRITICAL · Scope escalation"}},
                      {"type": "section", "text": {"type": "mrkdwn", "text": "Asked for scope admin:all, outside its 3 registered scopes"}},
                      {"type": "section", "fields": [
                        {"type": "mrkdwn", "text": "*Agent*\\ndid:web:x"},
                        {"type": "mrkdwn", "text": "*Tenant*\\nt1"},
                        {"type": "mrkdwn", "text": "*Rule*\\nscope_escalation"},
                        {"type": "mrkdwn", "text": "*Score*\\n95"},
                        {"type": "mrkdwn", "text": "*Occurrences*\\n1"},
                        {"type": "mrkdwn", "text": "*First seen*\\n<!date^1795169730^{date_short_pretty} {time_secs}|2026-11-20 10:15:30 UTC>"},
                        {"type": "mrkdwn", "text": "*Last seen*\\n<!date^1795169730^{date_short_pretty} {time_secs}|2026-11-20 10:15:30 UTC>"}
                      ]},
                      {"type": "section", "text": {"type": "mrkdwn", "text": "*Suggested action*\\nRevoke the grant and review the agent's registration."}},
                      {"type": "section", "text": {"type": "mrkdwn", "text": "<https://vigil.example.com/v1/alerts/1a2b3c4d5e6f7a8b9c0d|Open the alert in Vigil>"}},
                      {"type": "context", "elements": [{"type": "mrkdwn",
                        "text": "Vigil alert 1a2b3c4d5e6f7a8b9c0d · technique T1078 · detected 2026-11-20T10:15:30.123Z"}]}
                    ]
                  }],
                  "metadata": {
                    "event_type": "vigil_alert",
                    "event_payload": {"alert_id": "1a2b3c4d5e6f7a8b9c0d", "delivery_id": "0123456789abcdef0123456789abcdef",
                      "severity": "critical", "rule_id": "scope_escalation", "tenant_id": "t1", "agent_id": "did:web:x"}
                  }
                }
                """));
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo(DELIVERY_ID);
        assertThat(request.getHeader("User-Agent")).isEqualTo("vigil-notifier/0.1");
    }

    @Test
    void withoutAnAlertBaseUrlTheMessageHasNoLinkAndARepeatShowsItsCountAndSpan() throws Exception {
        SLACK.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        Alert repeat = TestAlerts.scopeEscalation().setSeverity(Severity.medium).setOccurrences(4).setCalibrating(true)
                .setAttack(null).setLastSeen(Instant.parse("2026-11-20T11:00:00Z")).build();

        slack(null, Duration.ofSeconds(5)).send(repeat, DELIVERY_ID);

        JsonNode attachment = JsonBodies.parse(onlyRequest().getBodyAsString()).get("attachments").get(0);
        assertThat(attachment.get("color").asText()).isEqualTo("#F9A825");
        assertThat(attachment.get("blocks")).extracting(b -> b.get("type").asText())
                .containsExactly("header", "section", "section", "section", "context");
        assertThat(attachment.at("/blocks/2/fields/4/text").asText()).isEqualTo("*Occurrences*\n4");
        assertThat(attachment.at("/blocks/2/fields/6/text").asText())
                .isEqualTo("*Last seen*\n<!date^1795172400^{date_short_pretty} {time_secs}|2026-11-20 11:00:00 UTC>");
        assertThat(attachment.at("/blocks/4/elements/0/text").asText())
                .isEqualTo("Vigil alert 1a2b3c4d5e6f7a8b9c0d · the agent's baseline is still calibrating · detected 2026-11-20T10:15:30.123Z");
    }

    @ParameterizedTest
    @CsvSource({"critical, #B71C1C, CRITICAL", "high, #E65100, HIGH", "medium, #F9A825, MEDIUM", "low, #1565C0, LOW"})
    void colourAndHeaderFollowTheSeverity(Severity severity, String colour, String label) {
        JsonNode message = slack(ALERT_BASE, Duration.ofSeconds(5)).message(TestAlerts.withSeverity(severity), DELIVERY_ID);

        assertThat(message.at("/attachments/0/color").asText()).isEqualTo(colour);
        assertThat(message.at("/attachments/0/blocks/0/text/text").asText()).isEqualTo(label + " · Scope escalation");
        assertThat(message.get("text").asText()).startsWith(label + " Scope escalation");
    }

    @Test
    void escapesMrkdwnSoAnAgentIdCannotPingTheChannelOrForgeALink() {
        Alert hostile = TestAlerts.scopeEscalation().setAgentId("<!channel> & <https://evil.example|click>")
                .setDescription("Tokens > 5 & rising").build();

        JsonNode message = slack(ALERT_BASE, Duration.ofSeconds(5)).message(hostile, DELIVERY_ID);

        assertThat(message.at("/attachments/0/blocks/2/fields/0/text").asText())
                .isEqualTo("*Agent*\n&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;");
        assertThat(message.at("/attachments/0/blocks/1/text/text").asText()).isEqualTo("Tokens &gt; 5 &amp; rising");
        assertThat(message.get("text").asText()).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
    }

    @Test
    void cutsLongTextsToBlockKitLimits() {
        Alert verbose = TestAlerts.scopeEscalation().setDescription("x".repeat(5000)).setRuleName("R".repeat(400)).build();

        JsonNode message = slack(ALERT_BASE, Duration.ofSeconds(5)).message(verbose, DELIVERY_ID);

        assertThat(message.at("/attachments/0/blocks/0/text/text").asText()).hasSize(150).endsWith("…");
        assertThat(message.at("/attachments/0/blocks/1/text/text").asText()).hasSize(3000).endsWith("…");
        assertThat(message.get("text").asText()).hasSize(3000);
    }

    @ParameterizedTest
    @CsvSource({"500, RETRYABLE", "503, RETRYABLE", "429, RETRYABLE", "400, PERMANENT", "403, PERMANENT", "404, PERMANENT", "410, PERMANENT"})
    void classifiesSlacksAnswers(int status, DeliveryResult.Kind kind) throws Exception {
        SLACK.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status).withBody("channel_is_archived")));

        DeliveryResult result = slack(null, Duration.ofSeconds(5)).send(alert, DELIVERY_ID);

        assertThat(result.kind()).isEqualTo(kind);
        assertThat(result.statusCode()).isEqualTo(status);
        assertThat(result.reason()).isEqualTo("HTTP " + status + ": channel_is_archived");
    }

    @Test
    void passesOnTheRetryAfterOfA429() throws Exception {
        SLACK.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("rate_limited")));

        DeliveryResult result = slack(null, Duration.ofSeconds(5)).send(alert, DELIVERY_ID);

        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.RETRYABLE);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aSlowAnswerIsATimeout() {
        SLACK.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(1_000)));

        assertThatThrownBy(() -> slack(null, Duration.ofMillis(200)).send(alert, DELIVERY_ID)).isInstanceOf(HttpTimeoutException.class);
        // WireMock records the request once its delayed answer is written: wait for it, so it cannot land in the next test.
        // On a loaded machine the attempt may time out before the request even reached WireMock; either way, wait out
        // the 1 s delay (and a margin) so no late request lands in the next test, and never more than one came.
        await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(SLACK.findAll(postRequestedFor(urlPathEqualTo(PATH)))).hasSizeLessThanOrEqualTo(1));
    }

    @Test
    void refusesALoopbackWebhookUnderTheDefaultPolicyWithoutARequest() throws Exception {
        SlackChannel channel = new SlackChannel(new SlackConfig(webhookUrl(), null, Duration.ofSeconds(5)), HostPolicy.PUBLIC_ONLY,
                LocalHttps.trustingTestCertificate());

        DeliveryResult result = channel.send(alert, DELIVERY_ID);

        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(result.reason()).contains("loopback").doesNotContain(TOKEN);
        SLACK.verify(0, postRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void theTargetIsSchemeHostAndPortAndThePathIsASecret() {
        SlackChannel channel = slack(null, Duration.ofSeconds(5));

        assertThat(channel.target()).isEqualTo("https://localhost:" + SLACK.getHttpsPort()).doesNotContain("services");
        assertThat(channel.secrets()).contains(webhookUrl().toString(), PATH, TOKEN);
        assertThat(channel.type()).isEqualTo("slack");
        assertThat(channel.followsLifecycle()).isFalse();
    }

    @Test
    void neverPutsTheWebhookPathInALogLineOrTheLedger() {
        SLACK.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(404)
                .withBody("no_service for " + webhookUrl() + " (token " + TOKEN + ")")));
        List<NotificationRecord> ledger;
        List<String> logs;
        try (LogCapture capture = new LogCapture()) {
            ledger = deliver(slack(null, Duration.ofSeconds(5)));
            logs = capture.lines();
        }

        assertThat(ledger).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.failed);
            assertThat(r.getReason()).startsWith("HTTP 404: no_service for ").doesNotContain(TOKEN).doesNotContain("B0HOOK0001");
        });
        assertThat(logs).anyMatch(line -> line.contains("NOT delivered")).noneMatch(line -> line.contains(TOKEN));
    }

    private static URI webhookUrl() {
        return URI.create("https://localhost:" + SLACK.getHttpsPort() + PATH);
    }

    private static SlackChannel slack(URI alertBaseUrl, Duration timeout) {
        return new SlackChannel(new SlackConfig(webhookUrl(), alertBaseUrl, timeout), HostPolicy.allowAll(),
                LocalHttps.trustingTestCertificate());
    }

    private List<NotificationRecord> deliver(SlackChannel channel) {
        DeliveryRuntime runtime = new DeliveryRuntime(new RecordingSleeper(), new SimpleMeterRegistry(), Clock.systemUTC(), () -> 0.0);
        return new ChannelDelivery("team-slack", channel, Severity.low,
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30)), runtime).deliver(alert).ledger();
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = SLACK.findAll(postRequestedFor(urlPathEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
