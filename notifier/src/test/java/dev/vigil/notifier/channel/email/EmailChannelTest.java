package dev.vigil.notifier.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vigil.avro.Alert;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
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
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The email channel, through the real delivery wrapper, against a real SMTP server (GreenMail). */
class EmailChannelTest {

    private static final String PASSWORD = "pa55-w0rd-for-smtp";
    private static final Instant SENT = Instant.parse("2026-11-20T10:15:31Z");

    @RegisterExtension
    final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("vigil@mail.example", "vigil", PASSWORD))
            .withPerMethodLifecycle(true);

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final Alert alert = TestAlerts.scopeEscalation().build();
    private final String deliveryId = DeliveryId.of(alert, "email");

    @Test
    void mailsTheAlertAsTextAndHtmlWithTheDeliveryHeaders() throws Exception {
        DeliveryReport report = deliver(channel(settings()), alert);

        assertThat(report.ledger()).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.delivered);
            assertThat(r.getStatusCode()).isEqualTo(250);
            assertThat(r.getDeliveryId()).isEqualTo(deliveryId);
        });
        MimeMessage message = onlyMessage();
        assertThat(message.getSubject()).isEqualTo("[Vigil] CRITICAL Scope escalation: did:web:x");
        assertThat(message.getHeader("From", ",")).isEqualTo("Vigil <vigil@mail.example>");
        assertThat(message.getHeader("To", ",")).isEqualTo("oncall@team.example");
        assertThat(message.getMessageID()).isEqualTo("<" + deliveryId + "@vigil>");
        assertThat(message.getHeader("X-Vigil-Delivery-Id", ",")).isEqualTo(deliveryId);
        assertThat(message.getHeader("X-Vigil-Alert-Id", ",")).isEqualTo("1a2b3c4d5e6f7a8b9c0d");
        assertThat(message.getHeader("Auto-Submitted", ",")).isEqualTo("auto-generated");
        assertThat(message.getSentDate().toInstant()).isEqualTo(SENT);
        assertThat(message.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo(crlf("""
                CRITICAL: Scope escalation
                Asked for scope admin:all, outside its 3 registered scopes

                Agent:       did:web:x
                Tenant:      t1
                Rule:        Scope escalation (scope_escalation)
                Severity:    critical
                Score:       95 of 100
                Occurrences: 1
                First seen:  2026-11-20T10:15:30.123Z
                Last seen:   2026-11-20T10:15:30.123Z
                Observed:    scope = admin:all
                Baseline:    registeredScopes = 3
                Evidence:    ev-1

                Suggested action: Revoke the grant and review the agent's registration.

                Open the alert: https://vigil.example.com/v1/alerts/1a2b3c4d5e6f7a8b9c0d
                """));
        assertThat(parts.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo(crlf("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>Scope escalation</title></head>
                <body style="font-family:sans-serif">
                <h2 style="color:#b00020">CRITICAL: Scope escalation</h2>
                <p>Asked for scope admin:all, outside its 3 registered scopes</p>
                <table cellpadding="4" style="border-collapse:collapse">
                <tr><th align="left">Agent</th><td>did:web:x</td></tr>
                <tr><th align="left">Tenant</th><td>t1</td></tr>
                <tr><th align="left">Rule</th><td>Scope escalation (scope_escalation)</td></tr>
                <tr><th align="left">Severity</th><td>critical</td></tr>
                <tr><th align="left">Score</th><td>95 of 100</td></tr>
                <tr><th align="left">Occurrences</th><td>1</td></tr>
                <tr><th align="left">First seen</th><td>2026-11-20T10:15:30.123Z</td></tr>
                <tr><th align="left">Last seen</th><td>2026-11-20T10:15:30.123Z</td></tr>
                <tr><th align="left">Observed</th><td>scope = admin:all</td></tr>
                <tr><th align="left">Baseline</th><td>registeredScopes = 3</td></tr>
                <tr><th align="left">Evidence</th><td>ev-1</td></tr>
                </table>
                <p><b>Suggested action:</b> Revoke the grant and review the agent&#39;s registration.</p>
                <p><a href="https://vigil.example.com/v1/alerts/1a2b3c4d5e6f7a8b9c0d">Open the alert</a></p>
                </body></html>
                """));
    }

    @Test
    void logsInWithTheConfiguredCredentials() throws Exception {
        DeliveryReport report = deliver(channel(withLogin(PASSWORD)), alert);

        assertThat(report.ledger()).extracting(NotificationRecord::getOutcome).containsExactly(DeliveryOutcome.delivered);
        assertThat(onlyMessage().getMessageID()).isEqualTo("<" + deliveryId + "@vigil>");
    }

    @Test
    void aRefusedLoginIsPermanentAndNeverShowsThePassword() throws IOException {
        DeliveryReport report;
        List<String> logs;
        try (LogCapture capture = new LogCapture()) {
            report = deliver(channel(withLogin("not-" + PASSWORD)), alert);
            logs = capture.lines();
        }

        assertThat(report.ledger()).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.failed);
            assertThat(r.getStatusCode()).isEqualTo(535);
            assertThat(r.getReason()).startsWith("AuthenticationFailedException: 535 5.7.8").doesNotContain(PASSWORD);
        });
        assertThat(sleeper.pauses()).isEmpty();
        assertThat(mail.getReceivedMessages()).isEmpty();
        assertThat(logs).isNotEmpty().noneMatch(line -> line.contains(PASSWORD));
    }

    @Test
    void aStoppedServerIsRetryable() {
        Map<String, String> settings = settings();
        mail.stop();

        DeliveryReport report = deliver(channel(settings), alert);

        assertThat(report.ledger()).extracting(NotificationRecord::getOutcome)
                .containsExactly(DeliveryOutcome.retrying, DeliveryOutcome.retrying, DeliveryOutcome.failed);
        assertThat(report.ledger()).extracting(NotificationRecord::getStatusCode).containsOnlyNulls();
        assertThat(report.ledger().get(2).getReason()).startsWith("gave up after 3 attempts: MailConnectException")
                .contains("ConnectException");
        assertThat(sleeper.pauses()).hasSize(2);
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersTimesOutAndIsRetryable() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = settings();
            settings.put("port", Integer.toString(silent.getLocalPort()));
            settings.put("timeout", "300ms");

            long started = System.nanoTime();
            DeliveryReport report = deliver(channel(settings), alert);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(report.ledger()).extracting(NotificationRecord::getOutcome)
                    .containsExactly(DeliveryOutcome.retrying, DeliveryOutcome.retrying, DeliveryOutcome.failed);
            assertThat(report.ledger().get(0).getReason()).startsWith("timed out: ").contains("SocketTimeoutException");
        }
    }

    @Test
    void aTemporaryReplyIsRetriedAndTheRetryDelivers() throws IOException {
        try (SmtpRelay relay = new SmtpRelay(mail.getSmtp().getPort())) {
            Map<String, String> settings = settings();
            settings.put("port", Integer.toString(relay.port()));
            relay.busy();
            EmailChannel channel = channel(settings);
            DeliveryRuntime runtime = new DeliveryRuntime(pause -> {
                sleeper.sleep(pause);
                relay.forward();
                return true;
            }, new SimpleMeterRegistry(), Clock.systemUTC(), () -> 0.0);

            DeliveryReport report = new ChannelDelivery("email", channel, Severity.low,
                    new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30)), runtime).deliver(alert);

            assertThat(report.ledger()).extracting(NotificationRecord::getOutcome, NotificationRecord::getStatusCode)
                    .containsExactly(tuple(DeliveryOutcome.retrying, 421),
                            tuple(DeliveryOutcome.delivered, 250));
            assertThat(report.ledger().get(0).getReason()).contains("421 4.3.2 Service not available");
            assertThat(mail.getReceivedMessages()).hasSize(1);
        }
    }

    @Test
    void escapesAgentDataInTheHtmlAndKeepsTheSubjectOnOneLine() throws Exception {
        Alert hostile = TestAlerts.scopeEscalation()
                .setAgentId("did:web:<img src=x onerror=alert(1)>")
                .setRuleName("Scope\r\nBcc: victim@evil.example")
                .setDescription("Asked for \"admin\" & <b>more</b>")
                .build();

        deliver(channel(settings()), hostile);

        MimeMessage message = onlyMessage();
        assertThat(message.getSubject()).isEqualTo("[Vigil] CRITICAL Scope  Bcc: victim@evil.example: did:web:<img src=x onerror=alert(1)>");
        assertThat(message.getHeader("Bcc")).isNull();
        assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly("oncall@team.example");
        String html = (String) ((MimeMultipart) message.getContent()).getBodyPart(1).getContent();
        assertThat(html).contains("<p>Asked for &quot;admin&quot; &amp; &lt;b&gt;more&lt;/b&gt;</p>")
                .contains("<td>did:web:&lt;img src=x onerror=alert(1)&gt;</td>")
                .doesNotContain("<img").doesNotContain("<b>more");
    }

    @Test
    void leavesTheLinkOutWithoutAnAlertBaseUrl() throws Exception {
        Map<String, String> settings = settings();
        settings.remove("alertBaseUrl");

        deliver(channel(settings), alert);

        MimeMultipart parts = (MimeMultipart) onlyMessage().getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).doesNotContain("Open the alert").doesNotContain("/v1/alerts/");
        assertThat((String) parts.getBodyPart(1).getContent()).doesNotContain("<a ");
    }

    @Test
    void neverSendsInClearTextWhenStarttlsIsAskedForAndNotOffered() {
        Map<String, String> settings = withLogin(PASSWORD);
        settings.remove("tls");

        DeliveryReport report = deliver(channel(settings), alert);

        assertThat(report.ledger()).extracting(NotificationRecord::getOutcome).doesNotContain(DeliveryOutcome.delivered);
        assertThat(report.ledger().get(report.ledger().size() - 1).getReason()).contains("STARTTLS");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void refusesALoopbackServerWithTheDefaultHostPolicy() {
        EmailChannel channel = new EmailChannel(EmailConfig.from(settings()), HostPolicy.PUBLIC_ONLY);

        DeliveryReport report = deliver(channel, alert);

        assertThat(report.ledger()).singleElement().satisfies(r -> {
            assertThat(r.getOutcome()).isEqualTo(DeliveryOutcome.failed);
            assertThat(r.getReason()).contains("loopback").contains("allow-listed");
        });
        assertThat(sleeper.pauses()).isEmpty();
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void letsAnAllowListedRelayThrough() {
        EmailChannel channel = new EmailChannel(EmailConfig.from(settings()), new HostPolicy(Set.of("localhost")));

        assertThat(deliver(channel, alert).ledger()).extracting(NotificationRecord::getOutcome).containsExactly(DeliveryOutcome.delivered);
    }

    @Test
    void namesThePasswordAsItsSecretAndShowsOnlyTheServerAsTarget() {
        EmailChannel channel = channel(withLogin(PASSWORD));

        assertThat(channel.secrets()).containsExactly(PASSWORD);
        assertThat(channel.target()).isEqualTo("smtp://localhost:" + mail.getSmtp().getPort());
        assertThat(channel(settings()).secrets()).isEmpty();
    }

    private Map<String, String> withLogin(String password) {
        Map<String, String> s = settings();
        s.put("username", "vigil");
        s.put("password", password);
        return s;
    }

    private Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("host", "localhost");
        s.put("port", Integer.toString(mail.getSmtp().getPort()));
        s.put("tls", "none");
        s.put("from", "Vigil <vigil@mail.example>");
        s.put("to", "oncall@team.example");
        s.put("alertBaseUrl", "https://vigil.example.com/");
        s.put("timeout", "5s");
        return s;
    }

    private EmailChannel channel(Map<String, String> settings) {
        return new EmailChannel(EmailConfig.from(settings), HostPolicy.allowAll(), Clock.fixed(SENT, ZoneOffset.UTC));
    }

    private DeliveryReport deliver(EmailChannel channel, Alert alert) {
        DeliveryRuntime runtime = new DeliveryRuntime(sleeper, new SimpleMeterRegistry(), Clock.systemUTC(), () -> 0.0);
        return new ChannelDelivery("email", channel, Severity.low,
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30)), runtime).deliver(alert);
    }

    private MimeMessage onlyMessage() {
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    private static String crlf(String text) {
        return text.replace("\n", "\r\n");
    }
}
