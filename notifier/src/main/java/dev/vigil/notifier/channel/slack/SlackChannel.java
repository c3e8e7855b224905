package dev.vigil.notifier.channel.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.channel.http.AlertLink;
import dev.vigil.notifier.channel.http.JsonPost;
import dev.vigil.notifier.channel.http.Text;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Posts each alert to a Slack incoming webhook as a Block Kit message: a one-line {@code text} (what the
 * notification and the channel list show), then an attachment in the severity's colour holding a header, the
 * description, the facts an on-call person scans for, the suggested action, a link to the alert when
 * {@code alertBaseUrl} is set, and a context line with the alert id.
 *
 * <p>Slack's webhook has no idempotency support: the delivery id is sent as {@code Idempotency-Key} (ignored by Slack,
 * useful to a proxy) and travels in the message's {@code metadata}, so a duplicate is at least recognisable. Every
 * value from an alert is escaped for mrkdwn ({@code &}, {@code <}, {@code >}): an agent id cannot ping
 * {@code <!channel>} or forge a link, and texts are cut to Block Kit's limits so a long description cannot make Slack
 * reject the whole message.
 */
public final class SlackChannel implements Channel {

    public static final String TYPE = "slack";
    public static final String METADATA_EVENT_TYPE = "vigil_alert";

    private static final Map<Severity, String> COLOURS = Map.of(
            Severity.critical, "#B71C1C", Severity.high, "#E65100", Severity.medium, "#F9A825", Severity.low, "#1565C0");
    private static final int HEADER_MAX = 150;
    private static final int SECTION_MAX = 3000;
    private static final int FIELD_MAX = 2000;
    private static final int MIN_SECRET_SEGMENT = 6;
    private static final DateTimeFormatter READABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SlackConfig config;
    private final JsonPost post;

    public SlackChannel(SlackConfig config, HostPolicy hosts) {
        this(config, hosts, null);
    }

    /** @param tls the TLS context to trust Slack's (or a proxy's) certificate with, or null for the JVM default */
    public SlackChannel(SlackConfig config, HostPolicy hosts, SSLContext tls) {
        this.config = Objects.requireNonNull(config, "config");
        this.post = new JsonPost(hosts, config.timeout(), tls);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Scheme, host and port only: the path is the webhook's credential. */
    @Override
    public String target() {
        URI url = config.webhookUrl();
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    /** The URL, its path, and each path segment long enough to be a token ({@code T…}, {@code B…} and the key). */
    @Override
    public List<String> secrets() {
        URI url = config.webhookUrl();
        List<String> secrets = new ArrayList<>(List.of(url.toString(), url.getRawPath(), url.getPath()));
        for (String segment : url.getRawPath().split("/")) {
            if (segment.length() >= MIN_SECRET_SEGMENT && !segment.equals("services")) {
                secrets.add(segment);
            }
        }
        return secrets;
    }

    @Override
    public DeliveryResult send(Alert alert, String deliveryId) throws IOException, InterruptedException {
        return post.post(config.webhookUrl(), message(alert, deliveryId), Map.of(JsonPost.IDEMPOTENCY_KEY, deliveryId));
    }

    /** The message for {@code alert}: {@code text}, one coloured attachment of blocks, and {@code metadata}. */
    ObjectNode message(Alert alert, String deliveryId) {
        ObjectNode message = NODES.objectNode();
        message.put("text", fallback(alert));
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("color", COLOURS.get(alert.getSeverity()));
        ArrayNode blocks = attachment.putArray("blocks");
        blocks.add(header(alert));
        blocks.add(section(Text.truncate(escape(alert.getDescription()), SECTION_MAX)));
        blocks.add(facts(alert));
        blocks.add(section(Text.truncate("*Suggested action*\n" + escape(alert.getSuggestedAction()), SECTION_MAX)));
        String link = AlertLink.of(config.alertBaseUrl(), alert.getAlertId());
        if (link != null) {
            blocks.add(section("<" + link + "|Open the alert in Vigil>"));
        }
        blocks.add(context(alert));
        ObjectNode metadata = message.putObject("metadata");
        metadata.put("event_type", METADATA_EVENT_TYPE);
        metadata.putObject("event_payload")
                .put("alert_id", alert.getAlertId())
                .put("delivery_id", deliveryId)
                .put("severity", alert.getSeverity().name())
                .put("rule_id", alert.getRuleId())
                .put("tenant_id", alert.getTenantId())
                .put("agent_id", alert.getAgentId());
        return message;
    }

    /** What a phone's notification shows: severity, rule, who, and the sentence with the numbers. */
    private static String fallback(Alert alert) {
        return Text.truncate(severity(alert) + " " + escape(alert.getRuleName()) + ": agent " + escape(alert.getAgentId())
                + " (tenant " + escape(alert.getTenantId()) + ") — " + escape(alert.getDescription()), SECTION_MAX);
    }

    private static ObjectNode header(Alert alert) {
        ObjectNode header = NODES.objectNode().put("type", "header");
        header.putObject("text").put("type", "plain_text")
                .put("text", Text.truncate(severity(alert) + " · " + alert.getRuleName(), HEADER_MAX));
        return header;
    }

    private static ObjectNode facts(Alert alert) {
        ObjectNode section = NODES.objectNode().put("type", "section");
        ArrayNode fields = section.putArray("fields");
        fields.add(field("Agent", escape(alert.getAgentId())));
        fields.add(field("Tenant", escape(alert.getTenantId())));
        fields.add(field("Rule", escape(alert.getRuleId())));
        fields.add(field("Score", Integer.toString(alert.getScore())));
        fields.add(field("Occurrences", Long.toString(alert.getOccurrences())));
        fields.add(field("First seen", date(alert.getFirstSeen())));
        fields.add(field("Last seen", date(alert.getLastSeen())));
        return section;
    }

    private static ObjectNode context(Alert alert) {
        List<String> parts = new ArrayList<>(List.of("Vigil alert " + escape(alert.getAlertId())));
        if (alert.getAttack() != null) {
            parts.add("technique " + escape(alert.getAttack()));
        }
        if (alert.getCalibrating()) {
            parts.add("the agent's baseline is still calibrating");
        }
        parts.add("detected " + TIMESTAMP.format(alert.getDetectedAt()));
        ObjectNode context = NODES.objectNode().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", Text.truncate(String.join(" · ", parts), SECTION_MAX));
        return context;
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode section = NODES.objectNode().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
        return section;
    }

    private static ObjectNode field(String label, String mrkdwn) {
        return NODES.objectNode().put("type", "mrkdwn").put("text", Text.truncate("*" + label + "*\n" + mrkdwn, FIELD_MAX));
    }

    /** Shown in each reader's own time zone by Slack; the fallback (old clients) is UTC. */
    private static String date(Instant instant) {
        return "<!date^" + instant.getEpochSecond() + "^{date_short_pretty} {time_secs}|" + READABLE.format(instant) + ">";
    }

    private static String severity(Alert alert) {
        return alert.getSeverity().name().toUpperCase(Locale.ROOT);
    }

    /** Slack's three mrkdwn control characters, as its formatting rules ask. */
    static String escape(String text) {
        return text == null ? "-" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
