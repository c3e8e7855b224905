package dev.vigil.notifier.channel.email;

import dev.vigil.avro.Alert;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.HostPolicy;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Mails each alert over SMTP (Jakarta Mail, Angus Mail's transport): a multipart/alternative message with a text and
 * an HTML part ({@link AlertMail}), {@code Message-ID: <deliveryId@vigil>} so that a mail system that sees the same
 * notification twice can tell, and {@code X-Vigil-Delivery-Id} and {@code X-Vigil-Alert-Id} for filters.
 *
 * <p>One connection per attempt, checked against the {@link HostPolicy} first (a refusal is permanent). The session
 * is the channel's own ({@code Session.getInstance}, never the JVM-wide default one, which the first caller's
 * properties would configure for everybody) with connect, read and write timeouts, so a relay that accepts and then
 * stalls cannot hold the notifier.
 *
 * <p>How failures count: the SMTP reply code decides where there is one, 4xx (greylisting, a full queue, "try again
 * later") retryable and 5xx (a refused login — 535 —, an unknown recipient, a rejected message) permanent. Without a
 * reply: a refused or dropped connection and a timeout are retryable; a failed TLS handshake (an untrusted or
 * mismatched certificate) and a refused login without a code are permanent, because repeating them changes nothing.
 */
public final class EmailChannel implements Channel {

    public static final String TYPE = "email";
    public static final String DELIVERY_ID_HEADER = "X-Vigil-Delivery-Id";
    public static final String ALERT_ID_HEADER = "X-Vigil-Alert-Id";

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final int MAX_REASON = 300;

    private final EmailConfig config;
    private final HostPolicy hosts;
    private final Session session;
    private final Clock clock;

    public EmailChannel(EmailConfig config, HostPolicy hosts) {
        this(config, hosts, Clock.systemUTC());
    }

    /** With the clock that stamps the {@code Date} header, so a test can pin every header. */
    EmailChannel(EmailConfig config, HostPolicy hosts, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.session = Session.getInstance(sessionProperties(config));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return protocol(config) + "://" + config.host() + ":" + config.port();
    }

    @Override
    public List<String> secrets() {
        return config.password() == null ? List.of() : List.of(config.password());
    }

    @Override
    public DeliveryResult send(Alert alert, String deliveryId) {
        String refusal = hosts.refusal(config.host(), config.port());
        if (refusal != null) {
            return DeliveryResult.permanent(null, refusal);
        }
        MimeMessage message;
        try {
            message = message(alert, deliveryId);
        } catch (MessagingException | UnsupportedEncodingException e) {
            return DeliveryResult.permanent(null, "the message could not be composed: " + oneLine(e.getMessage()));
        }
        SMTPTransport transport = null;
        try {
            transport = (SMTPTransport) session.getTransport(protocol(config));
            transport.connect(config.host(), config.port(), config.username(), config.password());
            transport.sendMessage(message, message.getAllRecipients());
            return DeliveryResult.delivered(transport.getLastReturnCode());
        } catch (MessagingException e) {
            return classify(e, transport == null ? -1 : transport.getLastReturnCode());
        } finally {
            closeQuietly(transport);
        }
    }

    private MimeMessage message(Alert alert, String deliveryId) throws MessagingException, UnsupportedEncodingException {
        AlertMail mail = AlertMail.of(alert, config);
        MimeMessage message = new AlertMessage(session, "<" + deliveryId + "@vigil>");
        message.setFrom(config.from());
        message.setRecipients(Message.RecipientType.TO, config.to().toArray(new Address[0]));
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader(DELIVERY_ID_HEADER, headerValue(deliveryId));
        message.setHeader(ALERT_ID_HEADER, headerValue(alert.getAlertId()));
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        message.setContent(new MimeMultipart("alternative", text, html));
        message.saveChanges();
        return message;
    }

    /** Classifies a failed attempt; {@code lastReplyCode} is the transport's last SMTP reply, -1 or 0 for none. */
    static DeliveryResult classify(MessagingException e, int lastReplyCode) {
        int code = replyCode(e, lastReplyCode);
        String reason = describe(e);
        if (code >= 400 && code < 500) {
            return DeliveryResult.retryable(code, reason, null);
        }
        if (code >= 500 && code < 600) {
            return DeliveryResult.permanent(code, reason);
        }
        if (e instanceof AuthenticationFailedException || cause(e, SSLHandshakeException.class) != null) {
            return DeliveryResult.permanent(null, reason);
        }
        if (cause(e, SocketTimeoutException.class) != null) {
            return DeliveryResult.retryable(null, "timed out: " + reason, null);
        }
        return DeliveryResult.retryable(null, reason, null);
    }

    /** The reply code carried by the exception (or one nested in it), else the transport's last reply if it is an error. */
    private static int replyCode(MessagingException e, int lastReplyCode) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException f) {
                return f.getReturnCode();
            }
            if (x instanceof SMTPSenderFailedException f) {
                return f.getReturnCode();
            }
            if (x instanceof SMTPSendFailedException f) {
                return f.getReturnCode();
            }
        }
        return lastReplyCode >= 400 && lastReplyCode < 600 ? lastReplyCode : -1;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The exception and the causes under it, one line, bounded: Jakarta Mail puts the server's reply in its messages. */
    private static String describe(MessagingException e) {
        StringBuilder out = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(oneLine(e.getMessage()));
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && !out.toString().contains(oneLine(t.getMessage()))) {
                out.append("; ").append(t.getClass().getSimpleName()).append(": ").append(oneLine(t.getMessage()));
            }
        }
        return out.length() <= MAX_REASON ? out.toString() : out.substring(0, MAX_REASON) + "…";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    /** A header value that cannot break out of its header: control characters dropped, non-ASCII encoded. */
    private static String headerValue(String value) throws UnsupportedEncodingException {
        return MimeUtility.encodeText(CONTROL.matcher(value).replaceAll(""), "UTF-8", null);
    }

    /**
     * After a successful send the message is the server's: a failed QUIT must not turn it into a failure (and a
     * duplicate on retry); after a failed send the attempt's result is already known.
     */
    private static void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException ignored) {
            // the outcome was decided before the close
        }
    }

    private static String protocol(EmailConfig config) {
        return config.tls() == EmailConfig.Tls.SMTPS ? "smtps" : "smtp";
    }

    /**
     * The session's properties: the timeouts (Jakarta Mail's defaults wait forever), login only with credentials,
     * STARTTLS required rather than opportunistic (a relay that does not offer it is not sent to in clear text), and
     * the server's certificate checked against the host name under either form of TLS.
     */
    static Properties sessionProperties(EmailConfig config) {
        String p = "mail." + protocol(config) + ".";
        String timeout = Long.toString(Math.min(config.timeout().toMillis(), Integer.MAX_VALUE));
        Properties props = new Properties();
        props.setProperty(p + "host", config.host());
        props.setProperty(p + "port", Integer.toString(config.port()));
        props.setProperty(p + "connectiontimeout", timeout);
        props.setProperty(p + "timeout", timeout);
        props.setProperty(p + "writetimeout", timeout);
        props.setProperty(p + "auth", Boolean.toString(config.authenticates()));
        if (config.tls() != EmailConfig.Tls.NONE) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
        }
        if (config.tls() == EmailConfig.Tls.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        return props;
    }

    /** A message whose {@code Message-ID} is ours: Jakarta Mail would otherwise invent a new one on every attempt. */
    private static final class AlertMessage extends MimeMessage {

        private final String messageId;

        AlertMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
