package dev.vigil.lifecycle.cluster;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnauthorizedResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every change under {@code /v1/} (any method but GET, HEAD and OPTIONS) to the instance that leads writes, so
 * that one instance writes lifecycle events and each tenant's audit chain stays one line. The request goes as it
 * came (method, path, query, body, and the {@code Authorization}, {@code Content-Type}, {@code X-Vigil-Actor} headers)
 * plus {@value #FORWARDED_BY} and the cluster secret; the leader's status, headers and body come back unchanged. The
 * leader checks the API key again (every instance has the same keys), so forwarding grants nothing.
 *
 * <p>A forwarded request is never forwarded again: one with {@value #FORWARDED_BY} and the right secret is handled
 * here if this instance leads, or refused with 503 if the lead moved meanwhile (the client repeats it); without the
 * secret it is a 401, so the header cannot be used to make a follower write. No known leader (a rebalance) is a 503;
 * a leader that does not answer is a 503 saying the write may or may not have happened.
 */
public final class WriteForwarder {

    public static final String FORWARDED_BY = "X-Vigil-Forwarded-By";
    /** Larger than any body a route accepts; the leader answers the exact limit. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(WriteForwarder.class);
    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final List<String> SENT = List.of("Authorization", "Content-Type", "X-Vigil-Actor", "Accept");
    private static final Set<String> NOT_RETURNED = Set.of("connection", "content-length", "date", "keep-alive",
            "server", "transfer-encoding", ":status");

    private final Leadership leadership;
    private final Function<HostInfo, URI> urls;
    private final ClusterSecret secret;
    private final HttpClient client;
    private final Duration timeout;

    public WriteForwarder(Leadership leadership, Function<HostInfo, URI> urls, ClusterSecret secret, HttpClient client,
                          Duration timeout) {
        this.leadership = leadership;
        this.urls = urls;
        this.secret = secret;
        this.client = client;
        this.timeout = timeout;
    }

    /** As a before-handler: it runs after the API key check, so a request without a valid key is refused here. */
    public void register(Javalin app) {
        app.before(this::route);
    }

    private void route(Context ctx) {
        if (READS.contains(ctx.method()) || !ctx.path().startsWith("/v1/")) {
            return;
        }
        if (ctx.header(FORWARDED_BY) != null) {
            acceptForwarded(ctx);
            return;
        }
        Optional<HostInfo> leader = leadership.leader();
        if (leader.isEmpty()) {
            throw retryLater(ctx, "no lifecycle instance leads writes right now (the instances are rebalancing); "
                    + "retry shortly");
        }
        if (!leader.get().equals(leadership.self())) {
            forward(ctx, leader.get());
        }
    }

    private void acceptForwarded(Context ctx) {
        if (!secret.matches(ctx.header(ClusterSecret.HEADER))) {
            throw new UnauthorizedResponse("a forwarded request needs the cluster secret in " + ClusterSecret.HEADER);
        }
        if (!leadership.leads()) {
            throw retryLater(ctx, "the lifecycle instance that leads writes changed while the request was on its way; "
                    + "nothing was written; retry");
        }
    }

    private void forward(Context ctx, HostInfo leader) {
        String value = secret.value().orElseThrow(() -> retryLater(ctx, "several lifecycle instances run but "
                + "vigil.lifecycle.cluster.secret is unset, so this change cannot reach the instance that writes"));
        HttpRequest.Builder request = HttpRequest.newBuilder(target(ctx, leader))
                .timeout(timeout)
                .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(body(ctx)))
                .header(FORWARDED_BY, leadership.self().host() + ":" + leadership.self().port())
                .header(ClusterSecret.HEADER, value);
        for (String name : SENT) {
            String header = ctx.header(name);
            if (header != null) {
                request.header(name, header);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.warn("Forwarding {} {} to the write leader {}:{} failed: {}", ctx.method(), ctx.path(), leader.host(),
                    leader.port(), e.toString());
            throw unknownOutcome();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unknownOutcome();
        }
        relay(ctx, answer);
    }

    private URI target(Context ctx, HostInfo leader) {
        String query = ctx.req().getQueryString();
        try {
            return urls.apply(leader).resolve(ctx.req().getRequestURI() + (query == null ? "" : "?" + query));
        } catch (IllegalArgumentException e) {
            throw new HttpResponseException(400, "the request's path or query is malformed", Map.of());
        }
    }

    private static byte[] body(Context ctx) {
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new HttpResponseException(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes",
                        Map.of());
            }
            return bytes;
        } catch (IOException e) {
            throw new HttpResponseException(400, "the request body could not be read", Map.of());
        }
    }

    private static void relay(Context ctx, HttpResponse<byte[]> answer) {
        ctx.status(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-type")) {
                ctx.contentType(values.get(0));
            } else if (!NOT_RETURNED.contains(lower)) {
                values.forEach(v -> ctx.res().addHeader(name, v));
            }
        });
        ctx.result(answer.body());
        ctx.skipRemainingHandlers();
    }

    private static HttpResponseException unknownOutcome() {
        return new HttpResponseException(503, "the lifecycle instance that writes did not answer in time; the change "
                + "may or may not have been made: read before repeating it", Map.of());
    }

    private static HttpResponseException retryLater(Context ctx, String message) {
        ctx.header("Retry-After", "1");
        return new HttpResponseException(503, message, Map.of());
    }
}
