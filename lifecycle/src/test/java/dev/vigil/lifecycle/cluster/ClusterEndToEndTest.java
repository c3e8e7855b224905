package dev.vigil.lifecycle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.CommonConfig;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.LifecycleApp;
import dev.vigil.lifecycle.LifecycleConfig;
import dev.vigil.lifecycle.audit.AuditReport;
import dev.vigil.lifecycle.audit.AuditVerify;
import dev.vigil.lifecycle.audit.LifecycleTopicReader;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.serde.SerdeFactory;
import dev.vigil.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two lifecycle instances of one application id on a real broker, the alert topics in four partitions shared between
 * them: each answers every read with every alert and every incident, an alert's timeline shows its deliveries
 * wherever the ledger's partition lives, a change (of an alert or an incident) sent to the one that does not lead
 * writes is made by the one that does, a read on either right after shows it, and the lifecycle events form one intact
 * chain.
 */
class ClusterEndToEndTest {

    @RegisterExtension
    static final KafkaClusterExtension kafka = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SECRET = "e2e-cluster-secret-4d2a";
    private static final int AGENTS = 20;
    private static final int ALERTS = 2 * AGENTS;

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path stateOfA;
    @TempDir
    Path stateOfB;

    @Test
    void twoInstancesAnswerEveryReadAndOneOfThemWritesEveryChange() throws Exception {
        Topics topics = kafka.createVigilTopics(kafka.uniqueTopics(), 4);
        String registry = kafka.registryUrl();
        String applicationId = kafka.uniqueName("lifecycle-cluster");
        Map<String, Integer> partitionOfAlert = new HashMap<>();

        try (LifecycleApp a = new LifecycleApp(config(topics, registry, applicationId, stateOfA));
             LifecycleApp b = new LifecycleApp(config(topics, registry, applicationId, stateOfB))) {
            a.start();
            b.start();
            await().atMost(WAIT).until(() -> get(a, "/health").statusCode() == 200 && get(b, "/health").statusCode() == 200);
            dev.vigil.lifecycle.SseTestClient streamOfA = dev.vigil.lifecycle.SseTestClient.connect(
                    java.net.URI.create(a.baseUrl() + "/v1/events/stream?types=anomaly.detected"));
            dev.vigil.lifecycle.SseTestClient streamOfB = dev.vigil.lifecycle.SseTestClient.connect(
                    java.net.URI.create(b.baseUrl() + "/v1/events/stream?types=anomaly.detected"));
            SerdeFactory serdes = SerdeFactory.forRegistry(registry);
            var serializer = serdes.valueSerde(Alert.class).serializer();
            var ledger = serdes.valueSerde(NotificationRecord.class).serializer();
            for (int n = 0; n < ALERTS; n++) {
                Alert alert = Fixtures.alert(alertId(n), agent(n), Severity.values()[n % 4],
                        Fixtures.T0.plusSeconds(60L * n));
                RecordMetadata written = kafka.produce(topics.alerts(), agent(n), alert, serializer);
                partitionOfAlert.put(alert.getAlertId(), written.partition());
                kafka.produce(topics.notifications(), alert.getAlertId(), delivery(alert), ledger);
            }
            List<String> newestFirst = new ArrayList<>();
            for (int n = ALERTS - 1; n >= 0; n--) {
                newestFirst.add(String.format("alert-%02d", n));
            }

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(get(a, "/health").statusCode()).isEqualTo(200);
                assertThat(get(b, "/health").statusCode()).isEqualTo(200);
                List<String> onA = localIds(a);
                List<String> onB = localIds(b);
                assertThat(onA).as("the partitions are split").isNotEmpty();
                assertThat(onB).as("the partitions are split").isNotEmpty();
                assertThat(onA.size() + onB.size()).isEqualTo(ALERTS);
            });

            for (var stream : List.of(streamOfA, streamOfB)) {
                List<String> streamed = new ArrayList<>();
                for (var event : stream.nextEvents(ALERTS, WAIT)) {
                    streamed.add(JSON.readTree(event.data()).get("alertId").asText());
                }
                assertThat(streamed).as("each instance streams the alerts of every partition")
                        .containsExactlyInAnyOrderElementsOf(newestFirst);
                stream.close();
            }

            everyAlertsTimelineShowsItsDeliveryOnBothInstances(a, b);
            incidentsAreListedIdenticallyByBothInstances(a, b);

            for (LifecycleApp app : List.of(a, b)) {
                assertThat(ids(json(get(app, "/v1/alerts?limit=1000")).get("alerts")))
                        .containsExactlyElementsOf(newestFirst);
                assertThat(ids(json(get(app, "/v1/alerts?limit=7")).get("alerts")))
                        .containsExactlyElementsOf(newestFirst.subList(0, 7));
                for (String id : newestFirst) {
                    assertThat(get(app, "/v1/alerts/" + id).statusCode()).as(id).isEqualTo(200);
                }
            }

            String onPartitionZero = partitionOfAlert.entrySet().stream().filter(e -> e.getValue() == 0)
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            LifecycleApp leader = localIds(a).contains(onPartitionZero) ? a : b;
            LifecycleApp follower = leader == a ? b : a;
            String onFollower = localIds(follower).get(0);
            String onLeader = localIds(leader).get(0);

            HttpResponse<String> ackThere = post(follower, "/v1/alerts/" + onFollower + "/acknowledge",
                    "{\"note\": \"via the follower\"}");
            assertThat(ackThere.statusCode()).as(ackThere.body()).isEqualTo(200);
            assertThat(status(leader, onFollower)).as("read on the other instance right after")
                    .isEqualTo("acknowledged");
            assertThat(status(follower, onFollower)).isEqualTo("acknowledged");

            HttpResponse<String> ackHere = post(follower, "/v1/alerts/" + onLeader + "/acknowledge", "");
            assertThat(ackHere.statusCode()).as(ackHere.body()).isEqualTo(200);
            assertThat(status(follower, onLeader)).as("read on the other instance right after")
                    .isEqualTo("acknowledged");

            HttpResponse<String> resolve = post(follower, "/v1/alerts/" + onFollower + "/resolve",
                    "{\"note\": \"done\", \"resolution\": \"benign\"}");
            assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(200);
            assertThat(status(leader, onFollower)).isEqualTo("resolved");
            assertThat(post(follower, "/v1/alerts/" + onFollower + "/acknowledge", "").statusCode())
                    .as("an illegal move answered by the leader").isEqualTo(409);

            anIncidentHostedByEitherInstanceIsFetchedAndUpdatedThroughTheFollower(leader, follower);

            assertThat(get(leader, "/metrics").body())
                    .contains("vigil_lifecycle_commands_total{action=\"acknowledge\",outcome=\"applied\"} 2.0");
            assertThat(get(follower, "/metrics").body()).doesNotContain("vigil_lifecycle_commands_total{");

            AuditReport chain = AuditVerify.of(config(topics, registry, applicationId, stateOfA))
                    .run(null, new LifecycleTopicReader.Listener() { });
            assertThat(chain.summary()).isEqualTo("chain intact, 4 events (1 tenant, 0 unchained)");
        }
    }

    /**
     * Each alert's ledger record lives in the partition of its alertId on the notifications topic, hosted by exactly
     * one instance; the other must ask that one, so reading every timeline on both goes both ways.
     */
    private void everyAlertsTimelineShowsItsDeliveryOnBothInstances(LifecycleApp a, LifecycleApp b) {
        await().atMost(WAIT).untilAsserted(() -> {
            for (int n = 0; n < ALERTS; n++) {
                String id = alertId(n);
                assertThat(localDeliveries(a, id) + localDeliveries(b, id)).as("%s is hosted once", id).isEqualTo(1);
                for (LifecycleApp app : List.of(a, b)) {
                    HttpResponse<String> response = get(app, "/v1/alerts/" + id);
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    JsonNode timeline = json(response).get("timeline");
                    assertThat(timeline.findValuesAsText("type")).as(id).contains("notification");
                    assertThat(timeline.findValuesAsText("channel")).as(id).containsExactly("oncall-" + id);
                }
            }
        });
    }

    /** Both instances give the same list and the same pages: the order of one store holding every incident. */
    private void incidentsAreListedIdenticallyByBothInstances(LifecycleApp a, LifecycleApp b) throws Exception {
        List<String> newestFirst = new ArrayList<>();
        for (int k = AGENTS - 1; k >= 0; k--) {
            newestFirst.add(Incident.idOf("tenant-a", agent(k), alertId(k)));
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(localIncidents(a)).as("the incidents are split too").isNotEmpty();
            assertThat(localIncidents(b)).as("the incidents are split too").isNotEmpty();
            for (LifecycleApp app : List.of(a, b)) {
                JsonNode all = json(get(app, "/v1/incidents?limit=1000"));
                assertThat(incidentIds(all)).containsExactlyElementsOf(newestFirst);
                assertThat(all.get("incidents")).allSatisfy(i -> assertThat(i.get("alertCount").asInt()).isEqualTo(2));
            }
        });
        for (LifecycleApp app : List.of(a, b)) {
            List<String> walked = new ArrayList<>();
            String path = "/v1/incidents?limit=6";
            while (path != null) {
                JsonNode page = json(get(app, path));
                walked.addAll(incidentIds(page));
                path = page.get("nextCursor").isNull() ? null : "/v1/incidents?limit=6&cursor="
                        + page.get("nextCursor").asText();
            }
            assertThat(walked).containsExactlyElementsOf(newestFirst);
        }
    }

    /**
     * The leader reads and waits for an incident the follower hosts (its commands read through the cluster), and
     * the follower shows the alerts of an incident the leader hosts.
     */
    private void anIncidentHostedByEitherInstanceIsFetchedAndUpdatedThroughTheFollower(LifecycleApp leader,
                                                                                       LifecycleApp follower)
            throws Exception {
        String onLeader = localIncidents(leader).get(0);
        String onFollower = localIncidents(follower).get(0);
        JsonNode fetched = json(get(follower, "/v1/incidents/" + onLeader));
        assertThat(fetched.get("incidentId").asText()).isEqualTo(onLeader);
        assertThat(fetched.get("alerts")).as("its alerts, from the leader's alert view").hasSize(2);

        HttpResponse<String> investigate = send(follower, "PATCH", "/v1/incidents/" + onFollower,
                "{\"status\": \"investigating\", \"note\": \"via the follower\"}");
        assertThat(investigate.statusCode()).as(investigate.body()).isEqualTo(200);
        assertThat(json(investigate).get("status").asText()).isEqualTo("investigating");

        for (LifecycleApp app : List.of(leader, follower)) {
            JsonNode readBack = json(get(app, "/v1/incidents/" + onFollower));
            assertThat(readBack.get("status").asText()).as("read right after").isEqualTo("investigating");
            assertThat(readBack.get("notes").findValuesAsText("note")).containsExactly("via the follower");
            assertThat(incidentIds(json(get(app, "/v1/incidents?status=investigating")))).containsExactly(onFollower);
        }
        assertThat(send(follower, "PATCH", "/v1/incidents/" + onFollower, "{\"status\": \"open\"}").statusCode())
                .as("an illegal move answered by the leader").isEqualTo(409);
    }

    private static String alertId(int n) {
        return String.format("alert-%02d", n);
    }

    private static String agent(int n) {
        return String.format("did:web:fleet-%02d", n % AGENTS);
    }

    private static NotificationRecord delivery(Alert alert) {
        return NotificationRecord.newBuilder()
                .setDeliveryId("d-" + alert.getAlertId()).setAlertId(alert.getAlertId())
                .setChannel("oncall-" + alert.getAlertId()).setChannelType("pagerduty").setTrigger("alert")
                .setAttempt(1).setOutcome(DeliveryOutcome.delivered).setStatusCode(202)
                .setTenantId(alert.getTenantId()).setAgentId(alert.getAgentId()).setRuleId(alert.getRuleId())
                .setSeverity(alert.getSeverity()).setAttemptedAt(alert.getFirstSeen().plusSeconds(1)).build();
    }

    private LifecycleConfig config(Topics topics, String registry, String applicationId, Path stateDir)
            throws IOException {
        Map<String, Object> values = new HashMap<>();
        values.put(CommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        values.put(CommonConfig.SCHEMA_REGISTRY_URL, registry);
        values.put(CommonConfig.OPS_PORT, "0");
        values.putAll(topics.asConfig());
        values.put(LifecycleConfig.APPLICATION_ID, applicationId);
        values.put(LifecycleConfig.STATE_DIR, stateDir.toString());
        values.put(LifecycleConfig.HTTP_HOST, "127.0.0.1");
        values.put(LifecycleConfig.HTTP_PORT, String.valueOf(freePort()));
        values.put(LifecycleConfig.AUTH_ENABLED, "false");
        values.put(LifecycleConfig.WRITE_TIMEOUT, "10s");
        values.put(LifecycleConfig.CLUSTER_SECRET, SECRET);
        return new LifecycleConfig(values);
    }

    /** A port free now; the advertised URL must name it before the instance starts, so 0 will not do. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The ids of the alerts this instance's own store holds, through its internal route. */
    private List<String> localIds(LifecycleApp app) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl()
                        + "/internal/v1/alerts?limit=1000")).header(ClusterSecret.HEADER, SECRET).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().lines().filter(line -> !line.isBlank())
                .map(line -> readTree(line).get("alertId").asText()).toList();
    }

    /** The ids of the incidents this instance's own store holds, through its internal route. */
    private List<String> localIncidents(LifecycleApp app) throws Exception {
        return internalLines(app, "/internal/v1/incidents?limit=1000").stream()
                .map(node -> node.get("incidentId").asText()).toList();
    }

    /** How many ledger records of the alert this instance's own store holds. */
    private int localDeliveries(LifecycleApp app, String alertId) throws Exception {
        return internalLines(app, "/internal/v1/notifications/" + alertId).size();
    }

    private List<JsonNode> internalLines(LifecycleApp app, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header(ClusterSecret.HEADER, SECRET).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().lines().filter(line -> !line.isBlank()).map(ClusterEndToEndTest::readTree).toList();
    }

    private String status(LifecycleApp app, String alertId) throws Exception {
        HttpResponse<String> response = get(app, "/v1/alerts/" + alertId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("status").asText();
    }

    private HttpResponse<String> get(LifecycleApp app, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(LifecycleApp app, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/json").header("X-Vigil-Actor", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(LifecycleApp app, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/json").header("X-Vigil-Actor", "alice")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> incidentIds(JsonNode page) {
        return StreamSupport.stream(page.get("incidents").spliterator(), false)
                .map(n -> n.get("incidentId").asText()).toList();
    }

    private static List<String> ids(JsonNode alerts) {
        return StreamSupport.stream(alerts.spliterator(), false).map(n -> n.get("alertId").asText()).toList();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
