package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.AlertViewJson;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentFilter;
import dev.vigil.lifecycle.view.IncidentJson;
import dev.vigil.lifecycle.view.NotificationEntry;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@link Peers}, {@link IncidentPeers} and {@link NotificationPeers} over the internal routes of
 * {@link ClusterRoutes}, with the cluster secret and a timeout on every call. Views travel in their store's own JSON
 * ({@link AlertViewJson}, {@link IncidentJson}; ledger records as {@link NotificationEntryJson}), one per line, so
 * nothing of them is lost on the way (an alert's history, an incident's notes).
 */
public final class HttpPeers implements Peers, IncidentPeers, NotificationPeers {

    private static final String ALERT_VIEW = "alert view";
    private static final String INCIDENT_VIEW = "incident view";
    private static final String NOTIFICATION_VIEW = "notification view";

    private final HttpClient client;
    private final Function<HostInfo, URI> urls;
    private final ClusterSecret secret;
    private final Duration timeout;

    /** @param urls the base URL of an instance the metadata names */
    public HttpPeers(HttpClient client, Function<HostInfo, URI> urls, ClusterSecret secret, Duration timeout) {
        this.client = client;
        this.urls = urls;
        this.secret = secret;
        this.timeout = timeout;
    }

    @Override
    public Optional<AlertView> get(Member member, String alertId) {
        HttpResponse<byte[]> response = call(member, ALERT_VIEW, ClusterRoutes.ALERTS + "/" + encode(alertId));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(member, ALERT_VIEW, response.body(), AlertViewJson::fromBytes));
    }

    @Override
    public List<AlertView> list(Member member, AlertFilter filter) {
        byte[] body = call(member, ALERT_VIEW, ClusterRoutes.ALERTS + "?" + FilterQuery.encode(filter)).body();
        return lines(member, ALERT_VIEW, body, AlertViewJson::fromBytes);
    }

    @Override
    public List<AlertView> page(Member member, int partition, String after, int limit) {
        String query = "?" + ClusterRoutes.LIMIT + "=" + limit
                + (after == null ? "" : "&" + ClusterRoutes.AFTER + "=" + encode(after));
        byte[] body = call(member, ALERT_VIEW, ClusterRoutes.partitionPath(partition) + query).body();
        return lines(member, ALERT_VIEW, body, AlertViewJson::fromBytes);
    }

    @Override
    public Optional<Incident> incident(Member member, String incidentId) {
        HttpResponse<byte[]> response = call(member, INCIDENT_VIEW,
                ClusterRoutes.INCIDENTS + "/" + encode(incidentId));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(member, INCIDENT_VIEW, response.body(), IncidentJson::fromBytes));
    }

    @Override
    public List<Incident> incidents(Member member, IncidentFilter filter) {
        byte[] body = call(member, INCIDENT_VIEW,
                ClusterRoutes.INCIDENTS + "?" + IncidentFilterQuery.encode(filter)).body();
        return lines(member, INCIDENT_VIEW, body, IncidentJson::fromBytes);
    }

    @Override
    public List<NotificationEntry> notifications(Member member, String alertId) {
        byte[] body = call(member, NOTIFICATION_VIEW, ClusterRoutes.NOTIFICATIONS + "/" + encode(alertId)).body();
        return lines(member, NOTIFICATION_VIEW, body, NotificationEntryJson::fromBytes);
    }

    /** The answer of a GET on the member; 200 or 404, anything else an unavailable {@code view}. */
    private HttpResponse<byte[]> call(Member member, String view, String pathAndQuery) {
        String value = secret.value().orElseThrow(() -> unavailable(member, view,
                "cannot be asked: vigil.lifecycle.cluster.secret is unset", null));
        HttpRequest request = HttpRequest.newBuilder(urls.apply(member.host()).resolve(pathAndQuery))
                .timeout(timeout)
                .header(ClusterSecret.HEADER, value)
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unavailable(member, view, "did not answer within " + timeout.toMillis() + " ms (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(member, view, "was not asked: interrupted", e);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw unavailable(member, view, "refused this instance's cluster secret (is vigil.lifecycle.cluster.secret "
                    + "the same on every instance?)", null);
        }
        if (status != 200 && status != 404) {
            throw unavailable(member, view, "answered " + status + ": " + shorten(response.body()), null);
        }
        return response;
    }

    private static <T> List<T> lines(Member member, String view, byte[] body, Function<byte[], T> parser) {
        List<T> values = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                values.add(parse(member, view, line.getBytes(StandardCharsets.UTF_8), parser));
            }
        }
        return values;
    }

    private static <T> T parse(Member member, String view, byte[] bytes, Function<byte[], T> parser) {
        try {
            return parser.apply(bytes);
        } catch (RuntimeException e) {
            throw unavailable(member, view, "answered something that is not of the " + view + ": " + e.getMessage(),
                    e);
        }
    }

    private static ViewUnavailableException unavailable(Member member, String view, String reason, Throwable cause) {
        return new ViewUnavailableException(view + " on instance " + member.name(),
                "instance " + member.name() + " " + reason, cause);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String shorten(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
