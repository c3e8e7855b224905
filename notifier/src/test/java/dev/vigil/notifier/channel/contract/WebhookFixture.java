package dev.vigil.notifier.channel.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.channel.webhook.WebhookChannel;
import dev.vigil.notifier.channel.webhook.WebhookConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A signed webhook against WireMock. The healthy endpoint accepts only signed requests; its failure answers echo the
 * URL token and the signing secret back, as a careless receiver might, so that the contract test's "no secret in any
 * log line, error or ledger record" is tested against a receiver that tries. {@link #hang} holds the request for the
 * delay and then answers 503: a held request is never counted as received.
 */
public final class WebhookFixture implements ChannelFixture {

    private static final String PATH = "/hooks/vigil";
    private static final String TOKEN = "fixture-token-6c1f09ab";
    private static final String KEY = "Zml4dHVyZS1rZXktZm9yLXRoZS1jb250cmFjdC10ZXN0";
    private static final String SECRET = "whsec_" + KEY;

    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());

    public WebhookFixture() {
        server.start();
        warmUp();
        healthy();
    }

    @Override
    public String type() {
        return WebhookChannel.TYPE;
    }

    @Override
    public Channel channel(Duration timeout) {
        URI url = URI.create(server.baseUrl() + PATH + "?token=" + TOKEN);
        return new WebhookChannel(new WebhookConfig(url, timeout, SECRET), HostPolicy.allowAll());
    }

    @Override
    public void healthy() {
        server.resetMappings();
        server.stubFor(post(urlPathEqualTo(PATH)).atPriority(1)
                .withHeader(WebhookChannel.WEBHOOK_SIGNATURE, matching("v1,[A-Za-z0-9+/]{43}="))
                .willReturn(aResponse().withStatus(204)));
        server.stubFor(post(urlPathEqualTo(PATH)).atPriority(2).willReturn(aResponse().withStatus(400).withBody("unsigned")));
    }

    @Override
    public void failTemporarily(int status, String retryAfter) {
        ResponseDefinitionBuilder response = echoingSecrets(status);
        if (retryAfter != null) {
            response.withHeader("Retry-After", retryAfter);
        }
        answerEveryRequest(response);
    }

    @Override
    public void failPermanently(int status) {
        answerEveryRequest(echoingSecrets(status));
    }

    @Override
    public void hang(Duration delay) {
        answerEveryRequest(aResponse().withStatus(503).withFixedDelay((int) delay.toMillis()));
    }

    @Override
    public int received() {
        return (int) server.getAllServeEvents().stream()
                .filter(event -> event.getResponseDefinition().getStatus() / 100 == 2).count();
    }

    @Override
    public List<String> secrets() {
        return List.of(TOKEN, SECRET, KEY);
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * One request before the test's own, so that Jetty's and the JDK HTTP client's first-use costs (seconds on a busy
     * machine) do not count against the short timeouts a contract test gives its attempts.
     */
    private void warmUp() {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/__admin/health")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming up WireMock", e);
        }
    }

    private void answerEveryRequest(ResponseDefinitionBuilder response) {
        server.resetMappings();
        server.stubFor(post(urlPathEqualTo(PATH)).willReturn(response));
    }

    private ResponseDefinitionBuilder echoingSecrets(int status) {
        return aResponse().withStatus(status).withBody("{\"error\":\"refused " + server.baseUrl() + PATH + "?token=" + TOKEN
                + " signed with " + SECRET + " (key " + KEY + ")\"}");
    }
}
