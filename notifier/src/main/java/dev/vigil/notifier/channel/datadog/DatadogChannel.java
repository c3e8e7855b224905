package dev.vigil.notifier.channel.datadog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.channel.SafeUrl;
import dev.vigil.notifier.channel.http.JsonPost;
import dev.vigil.notifier.channel.http.Text;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Sends each alert to Datadog as an event (Events API v1, {@code DD-API-KEY}), where it appears in the event stream,
 * can drive monitors and sits beside the agents' own metrics. The {@code aggregation_key} is the alert id, so every
 * delivery of one alert (its repeats, a redelivery) lands in one aggregate; the tags carry tenant, agent, rule,
 * severity, category and alert id for facets and monitor queries.
 *
 * <p>Tags are written as Datadog stores them (lower case; characters other than letters, digits and {@code _-:./}
 * turned into {@code _}; at most 200 characters), so what a test or a reader sees here is what a query must say.
 * Datadog answers 202 on success; 403 (a wrong key) and 400 are permanent, 429 and 5xx retried.
 */
public final class DatadogChannel implements Channel {

    public static final String TYPE = "datadog";
    public static final String API_KEY_HEADER = "DD-API-KEY";
    public static final String SOURCE_TYPE_NAME = "vigil";

    private static final int TITLE_MAX = 100;
    private static final int TEXT_MAX = 4000;
    private static final int TAG_MAX = 200;
    private static final int AGGREGATION_KEY_MAX = 100;
    private static final Map<Severity, String> ALERT_TYPES = Map.of(
            Severity.critical, "error", Severity.high, "error", Severity.medium, "warning", Severity.low, "info");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final DatadogConfig config;
    private final JsonPost post;

    public DatadogChannel(DatadogConfig config, HostPolicy hosts) {
        this(config, hosts, null);
    }

    /** @param tls the TLS context to trust Datadog's (or a proxy's) certificate with, or null for the JVM default */
    public DatadogChannel(DatadogConfig config, HostPolicy hosts, SSLContext tls) {
        this.config = Objects.requireNonNull(config, "config");
        this.post = new JsonPost(hosts, config.timeout(), tls);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return SafeUrl.of(config.intakeUrl());
    }

    @Override
    public List<String> secrets() {
        return List.of(config.apiKey());
    }

    @Override
    public DeliveryResult send(Alert alert, String deliveryId) throws IOException, InterruptedException {
        return post.post(config.intakeUrl(), event(alert, deliveryId),
                Map.of(API_KEY_HEADER, config.apiKey(), JsonPost.IDEMPOTENCY_KEY, deliveryId));
    }

    /** The event for {@code alert}. */
    ObjectNode event(Alert alert, String deliveryId) {
        ObjectNode event = NODES.objectNode()
                .put("title", Text.truncate(alert.getSeverity().name().toUpperCase(Locale.ROOT) + " " + alert.getRuleName()
                        + ": " + alert.getAgentId(), TITLE_MAX))
                .put("text", text(alert, deliveryId))
                .put("alert_type", ALERT_TYPES.get(alert.getSeverity()))
                .put("priority", alert.getSeverity() == Severity.low ? "low" : "normal")
                .put("source_type_name", SOURCE_TYPE_NAME)
                .put("aggregation_key", Text.truncate(alert.getAlertId(), AGGREGATION_KEY_MAX))
                .put("date_happened", alert.getDetectedAt().getEpochSecond());
        ArrayNode tags = event.putArray("tags");
        tags.add(tag("tenant", alert.getTenantId()));
        tags.add(tag("agent", alert.getAgentId()));
        tags.add(tag("rule", alert.getRuleId()));
        tags.add(tag("severity", alert.getSeverity().name()));
        tags.add(tag("category", alert.getCategory()));
        tags.add(tag("vigil_alert", alert.getAlertId()));
        return event;
    }

    /**
     * The description and the suggested action, then a line naming the alert and the delivery, so a reader can match
     * the event to the ledger (the Events API has no idempotency field of its own).
     */
    private static String text(Alert alert, String deliveryId) {
        String trailer = "\n\nVigil alert " + alert.getAlertId() + ", delivery " + deliveryId;
        String body = alert.getDescription() + "\n\nSuggested action: " + alert.getSuggestedAction();
        return Text.truncate(Text.truncate(body, Math.max(1, TEXT_MAX - trailer.length())) + trailer, TEXT_MAX);
    }

    /** {@code name:value} as Datadog normalises it. */
    static String tag(String name, String value) {
        String normalised = (name + ":" + (value == null ? "" : value)).toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}_\\-:./]", "_");
        return normalised.length() <= TAG_MAX ? normalised : normalised.substring(0, TAG_MAX);
    }
}
