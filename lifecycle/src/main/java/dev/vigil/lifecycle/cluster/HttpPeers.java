package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.AlertViewJson;
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
 * {@link Peers} over the internal routes of {@link ClusterRoutes}, with the cluster secret and a timeout on every
 * call. Views travel in the view store's own JSON ({@link AlertViewJson}), history included, one per line.
 */
public final class HttpPeers implements Peers {

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
        HttpResponse<byte[]> response = call(member, ClusterRoutes.ALERTS + "/" + encode(alertId));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(member, response.body()));
    }

    @Override
    public List<AlertView> list(Member member, AlertFilter filter) {
        return lines(member, call(member, ClusterRoutes.ALERTS + "?" + FilterQuery.encode(filter)).body());
    }

    @Override
    public List<AlertView> page(Member member, int partition, String after, int limit) {
        String query = "?" + ClusterRoutes.LIMIT + "=" + limit
                + (after == null ? "" : "&" + ClusterRoutes.AFTER + "=" + encode(after));
        return lines(member, call(member, ClusterRoutes.partitionPath(partition) + query).body());
    }

    private HttpResponse<byte[]> call(Member member, String pathAndQuery) {
        String value = secret.value().orElseThrow(() -> unavailable(member,
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
            throw unavailable(member, "did not answer within " + timeout.toMillis() + " ms (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(member, "was not asked: interrupted", e);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw unavailable(member, "refused this instance's cluster secret (is vigil.lifecycle.cluster.secret the "
                    + "same on every instance?)", null);
        }
        if (status != 200 && status != 404) {
            throw unavailable(member, "answered " + status + ": " + shorten(response.body()), null);
        }
        return response;
    }

    private static List<AlertView> lines(Member member, byte[] body) {
        List<AlertView> views = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                views.add(parse(member, line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return views;
    }

    private static AlertView parse(Member member, byte[] bytes) {
        try {
            return AlertViewJson.fromBytes(bytes);
        } catch (RuntimeException e) {
            throw unavailable(member, "answered something that is not an alert view: " + e.getMessage(), e);
        }
    }

    private static ViewUnavailableException unavailable(Member member, String reason, Throwable cause) {
        return new ViewUnavailableException("alert view on instance " + member.name(),
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
