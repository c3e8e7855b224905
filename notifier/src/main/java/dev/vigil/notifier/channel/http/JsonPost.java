package dev.vigil.notifier.channel.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.channel.HttpOutcomes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The one attempt behind the HTTP channels (Slack, PagerDuty, Datadog, webhook): POST a JSON body and classify the answer with
 * {@link HttpOutcomes}. The {@link HostPolicy} is asked before every attempt, not once, so a name that starts to
 * resolve to a private address (DNS rebinding) is refused at send time; a refusal is permanent, because asking again
 * will not change the policy. Redirects are not followed (a moved endpoint must be reconfigured, and a redirect would
 * carry an API key header to a host nobody checked); only the first kilobyte of an error answer is read, so a receiver
 * cannot make the notifier buffer an endless body. Nothing here retries, sleeps or logs: that is
 * {@link dev.vigil.notifier.delivery.ChannelDelivery}'s job.
 */
public final class JsonPost {

    public static final String USER_AGENT = "vigil-notifier/0.1";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final int MAX_ERROR_BODY_BYTES = 1024;
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private final HostPolicy hosts;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;

    /**
     * @param timeout the connect timeout and the whole request's timeout
     * @param tls     the TLS context whose trust decides which server certificates are accepted, or {@code null} for
     *                the JVM's default (tests pass one that trusts their local server)
     */
    public JsonPost(HostPolicy hosts, Duration timeout, SSLContext tls) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.clock = Clock.systemUTC();
    }

    /**
     * POSTs {@code body} to {@code url} with {@code headers} added to the JSON ones. An {@link IOException} (a refused
     * connection, a timeout) means the attempt may be retried.
     */
    public DeliveryResult post(URI url, JsonNode body, Map<String, String> headers) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Accept", "application/json");
        return post(url, write(body).getBytes(StandardCharsets.UTF_8), all);
    }

    /**
     * POSTs these exact bytes as {@code application/json} (a signed body must go out as it was signed), with
     * {@code headers}. An {@link IOException} means the attempt may be retried.
     */
    public DeliveryResult post(URI url, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        String refusal = hosts.refusal(url);
        if (refusal != null) {
            return DeliveryResult.permanent(null, refusal);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT);
        headers.forEach(request::header);
        request.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return HttpOutcomes.classify(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                errorBody(response), clock.instant());
    }

    /** {@code body} as compact JSON text, decimals in plain notation (an alert's figures keep their exact text). */
    public static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static String errorBody(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 == 2) {
                return null;
            }
            return new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        }
    }
}
