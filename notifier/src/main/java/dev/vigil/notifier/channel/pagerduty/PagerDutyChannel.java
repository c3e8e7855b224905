package dev.vigil.notifier.channel.pagerduty;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Alert;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Severity;
import dev.vigil.ingest.AlertJson;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.LifecycleNotice;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.channel.SafeUrl;
import dev.vigil.notifier.channel.http.AlertLink;
import dev.vigil.notifier.channel.http.JsonPost;
import dev.vigil.notifier.channel.http.Text;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Opens, acknowledges and resolves PagerDuty incidents through the Events API v2. The {@code dedup_key} is the alert
 * id, so PagerDuty itself folds a repeat of an open alert into the same incident and a redelivery after a crash into
 * nothing, and Vigil's acknowledge and resolve reach the same incident. The delivery id rides in
 * {@code custom_details} (and as {@code Idempotency-Key}, which PagerDuty ignores) so a person can match the incident
 * to the notifier's ledger.
 *
 * <p>PagerDuty answers 202 when it accepted an event, 429 when the integration is over its rate (retried like 5xx),
 * and 400 for an event it will never accept (permanent): {@link dev.vigil.notifier.channel.HttpOutcomes}' rule.
 */
public final class PagerDutyChannel implements Channel {

    public static final String TYPE = "pagerduty";
    public static final String CLIENT = "Vigil";

    private static final int SUMMARY_MAX = 1024;
    private static final Map<Severity, String> SEVERITIES = Map.of(
            Severity.critical, "critical", Severity.high, "error", Severity.medium, "warning", Severity.low, "info");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PagerDutyConfig config;
    private final JsonPost post;

    public PagerDutyChannel(PagerDutyConfig config, HostPolicy hosts) {
        this(config, hosts, null);
    }

    /** @param tls the TLS context to trust PagerDuty's (or a proxy's) certificate with, or null for the JVM default */
    public PagerDutyChannel(PagerDutyConfig config, HostPolicy hosts, SSLContext tls) {
        this.config = Objects.requireNonNull(config, "config");
        this.post = new JsonPost(hosts, config.timeout(), tls);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return SafeUrl.of(config.eventsUrl());
    }

    @Override
    public List<String> secrets() {
        return List.of(config.routingKey());
    }

    @Override
    public DeliveryResult send(Alert alert, String deliveryId) throws IOException, InterruptedException {
        return post.post(config.eventsUrl(), trigger(alert, deliveryId), Map.of(JsonPost.IDEMPOTENCY_KEY, deliveryId));
    }

    @Override
    public boolean followsLifecycle() {
        return true;
    }

    /**
     * Acknowledges or resolves the alert's incident. Any other action cannot be expressed in the Events API, so it is
     * a permanent failure without a request.
     */
    @Override
    public DeliveryResult sendLifecycle(LifecycleNotice notice, String deliveryId)
            throws IOException, InterruptedException {
        LifecycleAction action = notice.action();
        String eventAction = switch (action) {
            case ACKNOWLEDGE -> "acknowledge";
            case RESOLVE -> "resolve";
            default -> null;
        };
        if (eventAction == null) {
            return DeliveryResult.permanent(null, "PagerDuty follows only acknowledge and resolve, not " + action);
        }
        ObjectNode event = NODES.objectNode()
                .put("routing_key", config.routingKey())
                .put("event_action", eventAction)
                .put("dedup_key", notice.alertId());
        return post.post(config.eventsUrl(), event, Map.of(JsonPost.IDEMPOTENCY_KEY, deliveryId));
    }

    /** The {@code trigger} event for {@code alert}. */
    ObjectNode trigger(Alert alert, String deliveryId) {
        ObjectNode event = NODES.objectNode()
                .put("routing_key", config.routingKey())
                .put("event_action", "trigger")
                .put("dedup_key", alert.getAlertId());
        ObjectNode payload = event.putObject("payload")
                .put("summary", summary(alert))
                .put("source", alert.getAgentId())
                .put("severity", SEVERITIES.get(alert.getSeverity()))
                .put("timestamp", TIMESTAMP.format(alert.getDetectedAt()))
                .put("component", alert.getRuleId())
                .put("group", alert.getTenantId())
                .put("class", alert.getCategory());
        payload.set("custom_details", details(alert, deliveryId));
        String link = AlertLink.of(config.alertBaseUrl(), alert.getAlertId());
        if (link != null) {
            event.putArray("links").addObject().put("href", link).put("text", "Alert in Vigil");
        }
        event.put("client", CLIENT);
        if (link != null) {
            event.put("client_url", link);
        }
        return event;
    }

    /** What the incident's title shows: severity, rule, who, and the sentence with the numbers, cut to 1024. */
    private static String summary(Alert alert) {
        return Text.truncate(alert.getSeverity().name().toUpperCase(Locale.ROOT) + " " + alert.getRuleName() + ": agent "
                + alert.getAgentId() + " (tenant " + alert.getTenantId() + ") — " + alert.getDescription(), SUMMARY_MAX);
    }

    /** The alert's facts; figures as exact JSON numbers, as in the alert contract. */
    private static ObjectNode details(Alert alert, String deliveryId) {
        ObjectNode contract = AlertJson.toNode(alert);
        ObjectNode details = NODES.objectNode()
                .put("description", alert.getDescription())
                .put("ruleName", alert.getRuleName());
        details.set("observed", contract.get("observed"));
        details.set("baseline", contract.get("baseline"));
        details.put("score", alert.getScore())
                .put("occurrences", alert.getOccurrences())
                .put("firstSeen", contract.get("firstSeen").asText())
                .put("lastSeen", contract.get("lastSeen").asText());
        ArrayNode evidence = details.putArray("evidenceEventIds");
        alert.getEvidence().getEventIds().forEach(evidence::add);
        details.put("suggestedAction", alert.getSuggestedAction())
                .put("attack", alert.getAttack())
                .put("calibrating", alert.getCalibrating())
                .put("deliveryId", deliveryId);
        return details;
    }
}
