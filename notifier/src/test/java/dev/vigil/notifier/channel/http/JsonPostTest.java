package dev.vigil.notifier.channel.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.testing.LocalHttps;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JsonPostTest {

    private static final String PATH = "/in";

    @RegisterExtension
    static final WireMockExtension RECEIVER = WireMockExtension.newInstance().options(LocalHttps.wireMock()).build();

    private final JsonPost post = new JsonPost(HostPolicy.allowAll(), Duration.ofSeconds(5), LocalHttps.trustingTestCertificate());
    private final ObjectNode body = JsonNodeFactory.instance.objectNode().put("a", 1);

    @Test
    void postsTheJsonWithTheJsonHeadersAndTheCallersOwn() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(202)));

        DeliveryResult result = post.post(url(PATH), body, Map.of("X-Key", "k1"));

        assertThat(result).isEqualTo(DeliveryResult.delivered(202));
        LoggedRequest request = RECEIVER.findAll(postRequestedFor(urlPathEqualTo(PATH))).get(0);
        assertThat(request.getBodyAsString()).isEqualTo("{\"a\":1}");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("Accept")).isEqualTo("application/json");
        assertThat(request.getHeader("User-Agent")).isEqualTo("vigil-notifier/0.1");
        assertThat(request.getHeader("X-Key")).isEqualTo("k1");
    }

    @Test
    void writesDecimalsInPlainNotation() {
        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        figures.set("costUsd", DecimalNode.valueOf(new BigDecimal("0.00000010")));

        assertThat(JsonPost.write(figures)).isEqualTo("{\"costUsd\":0.00000010}");
    }

    @Test
    void doesNotFollowARedirect() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(307).withHeader("Location", "/elsewhere")));

        DeliveryResult result = post.post(url(PATH), body, Map.of());

        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(result.statusCode()).isEqualTo(307);
        RECEIVER.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void readsOnlyTheFirstKilobyteOfAnErrorBody() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500).withBody(" ".repeat(1024) + "beyond the first kilobyte")));

        DeliveryResult result = post.post(url(PATH), body, Map.of());

        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.RETRYABLE);
        assertThat(result.reason()).isEqualTo("HTTP 500");
    }

    @Test
    void asksTheHostPolicyBeforeTheAttemptAndMakesARefusalPermanent() throws Exception {
        JsonPost guarded = new JsonPost(HostPolicy.PUBLIC_ONLY, Duration.ofSeconds(5), LocalHttps.trustingTestCertificate());

        DeliveryResult result = guarded.post(url(PATH), body, Map.of());

        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(result.statusCode()).isNull();
        assertThat(result.reason()).startsWith("host localhost resolves to a loopback address");
        RECEIVER.verify(0, anyRequestedFor(anyUrl()));
    }

    private static URI url(String path) {
        return URI.create("https://localhost:" + RECEIVER.getHttpsPort() + path);
    }
}
