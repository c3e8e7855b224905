package dev.vigil.notifier.channel.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.testing.LocalHttps;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * What the Slack, PagerDuty and Datadog fixtures share: one HTTPS WireMock server standing in for the service, on
 * one path, answering as the service does when it is healthy, and echoing the channel's secrets in every error answer
 * (as a careless proxy might), so the contract test also checks that no secret travels on from an answer.
 */
abstract class HttpsEndpointFixture implements ChannelFixture {

    private final WireMockServer server = new WireMockServer(LocalHttps.wireMock());
    private final String path;
    private final int successStatus;
    private final String successBody;

    HttpsEndpointFixture(String path, int successStatus, String successBody) {
        this.path = path;
        this.successStatus = successStatus;
        this.successBody = successBody;
        server.start();
        healthy();
    }

    /** A new channel of this type pointed at {@link #endpoint()}, trusting {@link #tls()}, allowed by {@link #hosts()}. */
    abstract Channel newChannel(Duration timeout);

    @Override
    public final Channel channel(Duration timeout) {
        return newChannel(timeout);
    }

    /** The service's URL on this fixture's server. */
    final URI endpoint() {
        return URI.create("https://localhost:" + server.httpsPort() + path);
    }

    /** The test certificate's trust. */
    static SSLContext tls() {
        return LocalHttps.trustingTestCertificate();
    }

    /** An allow-list holding exactly this fixture's server. */
    final HostPolicy hosts() {
        return new HostPolicy(Set.of("localhost:" + server.httpsPort()));
    }

    @Override
    public final void healthy() {
        answer(aResponse().withStatus(successStatus).withBody(successBody));
    }

    @Override
    public final void failTemporarily(int status, String retryAfter) {
        ResponseDefinitionBuilder response = aResponse().withStatus(status).withBody(echo());
        if (retryAfter != null) {
            response.withHeader("Retry-After", retryAfter);
        }
        answer(response);
    }

    @Override
    public final void failPermanently(int status) {
        answer(aResponse().withStatus(status).withBody(echo()));
    }

    @Override
    public final void hang(Duration delay) {
        answer(aResponse().withStatus(successStatus).withBody(successBody).withFixedDelay(Math.toIntExact(delay.toMillis())));
    }

    /**
     * Requests answered with success at once. A request held by {@link #hang} does not count: the channel gave up on it
     * (that is what a hang is for), and WireMock records it only when its late answer is written, so counting it would
     * make the number depend on timing.
     */
    @Override
    public final int received() {
        return (int) server.getAllServeEvents().stream().filter(this::accepted).count();
    }

    @Override
    public final void close() {
        server.stop();
    }

    private boolean accepted(ServeEvent event) {
        if (event.getResponse().getStatus() / 100 != 2 || !event.getRequest().getUrl().startsWith(path)) {
            return false;
        }
        return event.getResponseDefinition().getFixedDelayMilliseconds() == null;
    }

    private void answer(ResponseDefinitionBuilder response) {
        server.resetMappings();
        server.stubFor(post(urlPathEqualTo(path)).willReturn(response));
    }

    private String echo() {
        return "{\"error\":\"rejected " + String.join(" ", secrets()).replace("\"", "'") + "\"}";
    }
}
