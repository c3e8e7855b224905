package dev.vigil.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.vigil.avro.Alert;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.notifier.NotifierApp;
import dev.vigil.notifier.NotifierConfig;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The responder's decision reaches the on-call tool: an alert pages PagerDuty (an HTTPS endpoint standing in for the
 * Events API v2), a responder acknowledges it through the lifecycle API with a real key, the notifier reads the
 * lifecycle event from {@code vigil.alert-events.v1} and sends PagerDuty an {@code acknowledge} for the same
 * {@code dedup_key}; the resolve follows the same way. Lifecycle service and notifier run side by side on the broker.
 */
class PagerDutyLifecycleEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v2/enqueue";
    private static final String ROUTING_KEY = "e93facc04764012d7bfb002500d5d1a6";
    private static final String KEYSTORE = "/tls/localhost.p12";
    private static final String AGENT = "did:web:agents.acme.example:pager-bot";

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @RegisterExtension
    static final WireMockExtension PAGERDUTY = WireMockExtension.newInstance().options(wireMockConfig()
            .httpDisabled(true).dynamicHttpsPort().keystorePath(keystorePath()).keystoreType("PKCS12")
            .keystorePassword("vigil-test").keyManagerPassword("vigil-test")).build();

    private static SSLContext previousDefault;

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ApiKeys.Created responder = ApiKeys.create("tenant-a", Role.RESPONDER, "alice");

    /**
     * The PagerDuty channel insists on https and verifies the certificate with the JVM's default trust: for this test
     * the default trusts exactly the test certificate (restored afterwards), so the real TLS path runs.
     */
    @BeforeAll
    static void trustTheTestCertificate() throws Exception {
        previousDefault = SSLContext.getDefault();
        try (InputStream in = PagerDutyLifecycleEndToEndTest.class.getResourceAsStream(KEYSTORE)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, "vigil-test".toCharArray());
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("localhost", keys.getCertificate("localhost"));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            SSLContext.setDefault(context);
        }
    }

    @AfterAll
    static void restoreTrust() {
        SSLContext.setDefault(previousDefault);
    }

    private static String keystorePath() {
        try {
            return Path.of(PagerDutyLifecycleEndToEndTest.class.getResource(KEYSTORE).toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("test keystore " + KEYSTORE + " is missing", e);
        }
    }

    @Test
    void anAcknowledgeAndAResolveThroughTheApiReachPagerDutyForTheSameIncident() throws Exception {
        PAGERDUTY.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(202)
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\"}")));
        Topics topics = KAFKA.createVigilTopics(KAFKA.uniqueTopics(), 2);
        String registry = KAFKA.registryUrl();
        SerdeFactory serdes = SerdeFactory.forRegistry(registry);
        ChannelConfig oncall = ChannelConfig.newBuilder().setName("oncall").setType("pagerduty")
                .setSettings(Map.of("routingKey", ROUTING_KEY, "eventsUrl", "https://localhost:" + PAGERDUTY.getHttpsPort() + PATH))
                .build();
        KAFKA.produce(topics.channels(), "oncall", oncall, serdes.valueSerde(ChannelConfig.class).serializer());
        Alert alert = Fixtures.alert("pd-e2e-alert", AGENT, Severity.critical, Instant.parse("2025-03-01T10:00:00Z"));

        try (NotifierApp notifier = new NotifierApp(new NotifierConfig(notifierConfig(topics, registry)),
                new PrintStream(new ByteArrayOutputStream()));
             LifecycleApp lifecycle = new LifecycleApp(new LifecycleConfig(lifecycleConfig(topics, registry)))) {
            notifier.start();
            lifecycle.start();
            await().atMost(WAIT).until(() -> call(lifecycle, "GET", "/health", null).statusCode() == 200);
            KAFKA.produce(topics.alerts(), AGENT, alert, serdes.valueSerde(Alert.class).serializer());

            JsonNode trigger = pagerDutyEvent("trigger");
            assertThat(trigger.get("dedup_key").asText()).isEqualTo("pd-e2e-alert");
            assertThat(trigger.get("routing_key").asText()).isEqualTo(ROUTING_KEY);
            await().atMost(WAIT).until(() -> call(lifecycle, "GET", "/v1/alerts/pd-e2e-alert", null).statusCode() == 200);

            HttpResponse<String> ack = call(lifecycle, "POST", "/v1/alerts/pd-e2e-alert/acknowledge", "{\"note\":\"looking\"}");
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
            JsonNode acknowledge = pagerDutyEvent("acknowledge");
            assertThat(acknowledge.get("dedup_key").asText()).as("the same PagerDuty incident").isEqualTo("pd-e2e-alert");
            assertThat(acknowledge.get("routing_key").asText()).isEqualTo(ROUTING_KEY);

            HttpResponse<String> resolve = call(lifecycle, "POST", "/v1/alerts/pd-e2e-alert/resolve",
                    "{\"note\":\"contained\",\"resolution\":\"true_positive\"}");
            assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(200);
            assertThat(pagerDutyEvent("resolve").get("dedup_key").asText()).isEqualTo("pd-e2e-alert");

            List<NotificationRecord> ledger = await().atMost(WAIT).until(() -> KAFKA.consume(topics.notifications(),
                            serdes.valueSerde(NotificationRecord.class).deserializer(), 1, WAIT).stream()
                    .map(ConsumerRecord::value).filter(r -> r.getChannel().equals("oncall")).toList(), l -> l.size() >= 3);
            assertThat(ledger).extracting(NotificationRecord::getTrigger, NotificationRecord::getOutcome)
                    .as("the page, then the two decisions, each delivered and on the ledger")
                    .containsSubsequence(org.assertj.core.groups.Tuple.tuple("alert", DeliveryOutcome.delivered),
                            org.assertj.core.groups.Tuple.tuple("acknowledge", DeliveryOutcome.delivered),
                            org.assertj.core.groups.Tuple.tuple("resolve", DeliveryOutcome.delivered));
            await().atMost(WAIT).untilAsserted(() -> assertThat(json(call(lifecycle, "GET", "/v1/alerts/pd-e2e-alert", null))
                    .get("timeline").toString()).as("the alert's timeline shows the deliveries").contains("oncall"));
        }
    }

    /** The one PagerDuty event with this action, once it has arrived. */
    private JsonNode pagerDutyEvent(String action) {
        return await().atMost(WAIT).until(() -> PAGERDUTY.findAll(postRequestedFor(urlPathEqualTo(PATH))).stream()
                .map(r -> readJson(r.getBodyAsString())).filter(b -> b.get("event_action").asText().equals(action))
                .toList(), l -> l.size() == 1).get(0);
    }

    private Map<String, Object> notifierConfig(Topics topics, String registry) {
        Map<String, Object> values = new HashMap<>(topics.asConfig());
        values.put(CommonConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        values.put(CommonConfig.OPS_PORT, "0");
        values.put(NotifierConfig.GROUP_ID, KAFKA.uniqueName("pd-e2e-notifier"));
        values.put(NotifierConfig.CHANNELS, "console");
        values.put(NotifierConfig.CONSOLE_MIN_SEVERITY, "critical");
        values.put(NotifierConfig.ALLOWED_HOSTS, "localhost");
        values.put(NotifierConfig.RETRY_INITIAL_BACKOFF, "10ms");
        return values;
    }

    private Map<String, Object> lifecycleConfig(Topics topics, String registry) {
        Map<String, Object> values = new HashMap<>(topics.asConfig());
        values.put(CommonConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        values.put(CommonConfig.OPS_PORT, "0");
        values.put(LifecycleConfig.APPLICATION_ID, KAFKA.uniqueName("pd-e2e-lifecycle"));
        values.put(LifecycleConfig.STATE_DIR, stateDir.toString());
        values.put(LifecycleConfig.HTTP_HOST, "127.0.0.1");
        values.put(LifecycleConfig.HTTP_PORT, "0");
        values.put(LifecycleConfig.WRITE_TIMEOUT, "10s");
        values.put(LifecycleConfig.API_KEYS, responder.entry());
        return values;
    }

    private HttpResponse<String> call(LifecycleApp app, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + responder.key())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return readJson(response.body());
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
