package dev.vigil.lifecycle.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Severity;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.RecordingWriter;
import dev.vigil.lifecycle.api.LifecycleHttpServer;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.lifecycle.command.AlertCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two API servers, a leader and a follower, each with its own in-memory view and writer: a change sent to the follower
 * is made by the leader, and the leader's answer comes back as it was.
 */
class WriteForwarderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "cluster-s3cret-7f1e";
    private static final HostInfo LEADER = new HostInfo("leader.internal", 8080);
    private static final HostInfo FOLLOWER = new HostInfo("follower.internal", 8080);

    private final ApiKeys.Created alice = ApiKeys.create("tenant-a", Role.RESPONDER, "alice");
    private final ApiKeys.Created operator = ApiKeys.create("*", Role.ADMIN, "ops");
    private final ApiKeys keys = ApiKeys.of(List.of(alice.entry(), operator.entry()));
    private final InMemoryViews leaderViews = views();
    private final InMemoryViews followerViews = views();
    private final RecordingWriter leaderWrites = new RecordingWriter(leaderViews);
    private final RecordingWriter followerWrites = new RecordingWriter(followerViews);
    private final AtomicReference<Optional<HostInfo>> leader = new AtomicReference<>(Optional.of(LEADER));
    private final Map<HostInfo, URI> urls = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private LifecycleHttpServer leaderServer;
    private LifecycleHttpServer followerServer;

    private static InMemoryViews views() {
        return new InMemoryViews().add(Fixtures.alert("a-1", "did:web:a", Severity.high, Fixtures.T0));
    }

    @BeforeEach
    void start() {
        leaderServer = server(LEADER, leaderViews, leaderWrites);
        followerServer = server(FOLLOWER, followerViews, followerWrites);
        urls.put(LEADER, URI.create("http://127.0.0.1:" + leaderServer.port()));
        urls.put(FOLLOWER, URI.create("http://127.0.0.1:" + followerServer.port()));
    }

    private LifecycleHttpServer server(HostInfo self, InMemoryViews views, RecordingWriter writer) {
        Leadership leadership = new Leadership(leader::get, self, () -> { });
        WriteForwarder forwarder = new WriteForwarder(leadership, host -> urls.getOrDefault(host,
                URI.create("http://127.0.0.1:1")), ClusterSecret.of(SECRET), http, Duration.ofSeconds(5));
        AlertCommands commands = new AlertCommands(views, writer, Clock.systemUTC(), Duration.ofMillis(200));
        return LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().alerts(views, commands).build(),
                OpsServer.newRegistry(), () -> null, keys, forwarder::register);
    }

    @AfterEach
    void stop() {
        leaderServer.close();
        followerServer.close();
    }

    @Test
    void aChangeSentToTheFollowerIsMadeByTheLeaderWhichChecksTheKeyAgain() throws Exception {
        HttpResponse<String> response = send(followerServer, "POST", "/v1/alerts/a-1/acknowledge",
                "{\"note\": \"via the follower\"}", alice.key(), Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("acknowledged");
        assertThat(followerWrites.written()).isEmpty();
        assertThat(leaderWrites.written()).singleElement().satisfies(event -> {
            assertThat(event.getActor()).isEqualTo("alice");
            assertThat(event.getNote()).isEqualTo("via the follower");
        });
    }

    @Test
    void theLeadersRefusalsComeBackUnchanged() throws Exception {
        send(leaderServer, "POST", "/v1/alerts/a-1/acknowledge", "", alice.key(), Map.of());

        HttpResponse<String> again = send(followerServer, "POST", "/v1/alerts/a-1/acknowledge", "", alice.key(),
                Map.of());
        HttpResponse<String> direct = send(leaderServer, "POST", "/v1/alerts/a-1/acknowledge", "", alice.key(),
                Map.of());

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).isEqualTo(direct.body());
        assertThat(followerWrites.written()).isEmpty();
    }

    @Test
    void theLeadersHeadersComeBackToo() throws Exception {
        HttpResponse<String> created = send(followerServer, "POST", "/v1/silences?note=kept",
                "{\"silenceId\": \"s-1\", \"comment\": \"maintenance\", \"matchers\": {\"agentId\": "
                        + "\"did:web:a\"}, \"endsAt\": \"" + Instant.now().plusSeconds(3600) + "\"}", operator.key(),
                Map.of());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/v1/silences/s-1");
        assertThat(send(leaderServer, "GET", "/v1/silences/s-1", null, operator.key(), Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(send(followerServer, "GET", "/v1/silences/s-1", null, operator.key(), Map.of()).statusCode())
                .as("reads are answered where they arrive").isEqualTo(404);
    }

    @Test
    void aForwardedMarkWithoutTheSecretIsA401AndWritesNothing() throws Exception {
        HttpResponse<String> response = send(followerServer, "POST", "/v1/alerts/a-1/acknowledge", "", alice.key(),
                Map.of(WriteForwarder.FORWARDED_BY, "leader.internal:8080"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(followerWrites.written()).isEmpty();
        assertThat(leaderWrites.written()).isEmpty();
    }

    @Test
    void aForwardedRequestReachingAFollowerIsNotForwardedAgainButRefusedForARetry() throws Exception {
        HttpResponse<String> response = send(followerServer, "POST", "/v1/alerts/a-1/acknowledge", "", alice.key(),
                Map.of(WriteForwarder.FORWARDED_BY, "leader.internal:8080", ClusterSecret.HEADER, SECRET));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).contains("nothing was written");
        assertThat(followerWrites.written()).isEmpty();
        assertThat(leaderWrites.written()).isEmpty();
    }

    @Test
    void withoutAKnownLeaderAChangeIsA503ToRetry() throws Exception {
        leader.set(Optional.empty());

        HttpResponse<String> response = send(followerServer, "POST", "/v1/alerts/a-1/acknowledge", "", alice.key(),
                Map.of());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(followerWrites.written()).isEmpty();
    }

    @Test
    void aLeaderThatDoesNotAnswerIsA503SayingTheOutcomeIsUnknown() throws Exception {
        urls.remove(LEADER);

        HttpResponse<String> response = send(followerServer, "POST", "/v1/alerts/a-1/acknowledge", "", alice.key(),
                Map.of());

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).contains("may or may not");
        assertThat(followerWrites.written()).isEmpty();
    }

    @Test
    void aRequestWithoutAValidKeyIsRefusedBeforeItIsForwarded() throws Exception {
        urls.remove(LEADER);

        assertThat(send(followerServer, "POST", "/v1/alerts/a-1/acknowledge", "", null, Map.of()).statusCode())
                .isEqualTo(401);
    }

    private HttpResponse<String> send(LifecycleHttpServer server, String method, String path, String body, String key,
                                      Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
