package dev.vigil.lifecycle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Severity;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryIncidents;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.api.LifecycleHttpServer;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertStatus;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentFilter;
import dev.vigil.lifecycle.view.IncidentStatus;
import dev.vigil.lifecycle.view.NotificationEntry;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The internal routes on a real server, called by {@link HttpPeers} as another instance would call them. */
class ClusterRoutesTest {

    private static final String SECRET = "cluster-s3cret-7f1e";
    private static final String[] PATHS = {"/internal/v1/alerts", "/internal/v1/alerts/a-1",
            "/internal/v1/partitions/0/alerts", "/internal/v1/incidents", "/internal/v1/incidents/inc_1",
            "/internal/v1/notifications/a-1", "/internal/v1/no-such-route"};

    private final Alert ofB = Alert.newBuilder(Fixtures.alert("b-1", "did:web:b", Severity.critical,
            Fixtures.T0.plusSeconds(90))).setTenantId("tenant-b").build();
    private final InMemoryViews views = new InMemoryViews()
            .add(Fixtures.alert("a-1", "did:web:a", Severity.high, Fixtures.T0))
            .add(Fixtures.alert("a-2", "did:web:a", Severity.low, Fixtures.T0.plusSeconds(60)))
            .add(Fixtures.alert("a-3", "did:web:a", Severity.high, Fixtures.T0.plusSeconds(60)))
            .add(ofB);
    private final Incident ofAgentA = Incident.open(Fixtures.alert("a-1", "did:web:a", Severity.high, Fixtures.T0),
            Fixtures.T0);
    private final Incident ofAgentC = Incident.open(Fixtures.alert("c-1", "did:web:c", Severity.low,
            Fixtures.T0.plusSeconds(120)), Fixtures.T0);
    private final Incident ofTenantB = Incident.open(ofB, Fixtures.T0);
    private final InMemoryIncidents incidents = new InMemoryIncidents().add(ofAgentA).add(ofAgentC).add(ofTenantB);
    private final Map<String, List<NotificationEntry>> ledger = new ConcurrentHashMap<>();
    private final ApiKeys.Created operator = ApiKeys.create("*", Role.ADMIN, "ops");
    private final HttpClient http = HttpClient.newHttpClient();
    private LifecycleHttpServer server;
    private Member member;

    @BeforeEach
    void start() {
        incidents.apply(AlertLifecycleEvent.newBuilder(Fixtures.acknowledge(ofB, "bob", Fixtures.T0))
                .setAction(LifecycleAction.INCIDENT_UPDATE).setAlertId(null).setIncidentId(ofAgentA.incidentId())
                .setIncidentStatus("investigating").setNote("looking at it").build());
        ledger.put("a-1", List.of(
                new NotificationEntry("d-1", "pagerduty-oncall", "retrying", 1, "alert", "HTTP 503 from <url>",
                        Fixtures.T0.plusMillis(1500).plusNanos(7)),
                new NotificationEntry("d-1", "pagerduty-oncall", "delivered", 2, "alert", null,
                        Fixtures.T0.plusSeconds(3))));
        views.apply(Fixtures.acknowledge(Fixtures.alert("a-3", "did:web:a", Severity.high,
                Fixtures.T0.plusSeconds(60)), "alice", Fixtures.T0.plusSeconds(70)));
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().build(), OpsServer.newRegistry(),
                () -> null, ApiKeys.of(List.of(operator.entry())),
                app -> new ClusterRoutes(new LocalViews(views, incidents,
                        alertId -> ledger.getOrDefault(alertId, List.of())), this::pageOf,
                        ClusterSecret.of(SECRET)).register(app));
        member = new Member(new HostInfo("127.0.0.1", server.port()), Set.of(0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** One partition holding every view, in alertId order. */
    private List<AlertView> pageOf(int partition, String after, int limit) {
        TreeMap<String, AlertView> byId = new TreeMap<>();
        views.forEach(v -> byId.put(v.alertId(), v));
        return (after == null ? byId : byId.tailMap(after, false)).values().stream().limit(limit).toList();
    }

    private HttpPeers peers(String secret) {
        return new HttpPeers(http, host -> URI.create("http://" + host.host() + ":" + host.port()),
                ClusterSecret.of(secret), Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "wrong", "api-key"})
    void everyInternalPathIsA401WithoutTheClusterSecret(String presented) throws Exception {
        for (String path : PATHS) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + path));
            switch (presented) {
                case "wrong" -> request.header(ClusterSecret.HEADER, SECRET + "x");
                case "api-key" -> request.header("Authorization", "Bearer " + operator.key());
                default -> { }
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.body()).as(path).contains("\"error\"").contains(ClusterSecret.HEADER)
                    .doesNotContain(SECRET);
        }
    }

    @Test
    void aServerWithoutTheClusterPartRefusesInternalPathsEvenWithAuthenticationOff() throws Exception {
        try (LifecycleHttpServer plain = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().build(),
                OpsServer.newRegistry(), () -> null)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + plain.port() + "/internal/v1/alerts")).header(ClusterSecret.HEADER, SECRET).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aPeerListsThisInstancesViewsForTheWholeFilterItSent() {
        AlertFilter ofTenantA = AlertFilter.all().ofTenant("tenant-a");
        AlertFilter afterFirst = ofTenantA.after(AlertFilter.Position.of(views.get("a-3").orElseThrow()));
        AlertFilter acknowledged = new AlertFilter(Optional.of(AlertStatus.ACKNOWLEDGED), Optional.empty(), 10);

        assertThat(ids(peers(SECRET).list(member, ofTenantA))).containsExactly("a-2", "a-3", "a-1");
        assertThat(ids(peers(SECRET).list(member, afterFirst))).containsExactly("a-1");
        assertThat(peers(SECRET).list(member, acknowledged)).isEqualTo(views.list(acknowledged));
        assertThat(peers(SECRET).list(member, acknowledged).get(0).history()).hasSize(1);
    }

    @Test
    void aPeerGetsOneViewWithItsHistoryOrNothing() {
        assertThat(peers(SECRET).get(member, "a-3")).isEqualTo(views.get("a-3"));
        assertThat(peers(SECRET).get(member, "no such/alert")).isEmpty();
    }

    @Test
    void aPeerPagesThroughAPartitionByAlertId() {
        assertThat(ids(peers(SECRET).page(member, 0, null, 2))).containsExactly("a-1", "a-2");
        assertThat(ids(peers(SECRET).page(member, 0, "a-2", 2))).containsExactly("a-3", "b-1");
        assertThat(peers(SECRET).page(member, 0, "b-1", 2)).isEmpty();
    }

    @Test
    void aPeerListsThisInstancesIncidentsForTheWholeFilterItSent() {
        IncidentFilter ofTenantA = new IncidentFilter(Optional.empty(), Optional.empty(), Optional.of("tenant-a"),
                Optional.empty(), 10);
        IncidentFilter afterFirst = new IncidentFilter(Optional.empty(), Optional.empty(), Optional.of("tenant-a"),
                Optional.of(IncidentFilter.Position.of(ofAgentC)), 10);
        IncidentFilter investigating = new IncidentFilter(Optional.of(IncidentStatus.INVESTIGATING),
                Optional.of("did:web:a"), Optional.empty(), Optional.empty(), 1);

        assertThat(peers(SECRET).incidents(member, ofTenantA)).extracting(Incident::incidentId)
                .containsExactly(ofAgentC.incidentId(), ofAgentA.incidentId());
        assertThat(peers(SECRET).incidents(member, afterFirst)).extracting(Incident::incidentId)
                .containsExactly(ofAgentA.incidentId());
        assertThat(peers(SECRET).incidents(member, investigating)).isEqualTo(incidents.list(investigating))
                .hasSize(1);
    }

    @Test
    void aPeerGetsOneIncidentWithItsNotesOrNothing() {
        Incident shown = peers(SECRET).incident(member, ofAgentA.incidentId()).orElseThrow();

        assertThat(shown).isEqualTo(incidents.get(ofAgentA.incidentId()).orElseThrow());
        assertThat(shown.notes()).extracting(n -> n.note()).containsExactly("looking at it");
        assertThat(peers(SECRET).incident(member, "inc_no such/one")).isEmpty();
    }

    @Test
    void aPeerGetsAnAlertsLedgerRecordsExactlyOrNone() {
        assertThat(peers(SECRET).notifications(member, "a-1")).isEqualTo(ledger.get("a-1"));
        assertThat(peers(SECRET).notifications(member, "no such/alert")).isEmpty();
    }

    @Test
    void aMalformedIncidentQueryIsA400NamingTheParameter() throws Exception {
        HttpResponse<String> badStatus = internal("/internal/v1/incidents?status=resolved");
        HttpResponse<String> badLimit = internal("/internal/v1/incidents?limit=1001");
        HttpResponse<String> halfPosition = internal("/internal/v1/incidents?afterIncidentId=inc_1");

        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(badStatus.body()).contains("'status'");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).contains("'limit'");
        assertThat(halfPosition.statusCode()).isEqualTo(400);
        assertThat(halfPosition.body()).contains("go together");
    }

    @Test
    void anIncidentViewThatCannotBeReadIsAnUnavailableIncidentViewNamingTheInstance() {
        incidents.failWith(new ViewUnavailableException("incident view", "restoring", null));

        assertThatThrownBy(() -> peers(SECRET).incidents(member, IncidentFilter.all()))
                .isInstanceOf(ViewUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + server.port()).hasMessageContaining("503")
                .extracting(e -> ((ViewUnavailableException) e).view()).asString().startsWith("incident view");
    }

    @Test
    void aMalformedQueryIsA400NamingTheParameter() throws Exception {
        HttpResponse<String> badStatus = internal("/internal/v1/alerts?status=closed");
        HttpResponse<String> badLimit = internal("/internal/v1/partitions/0/alerts?limit=5000");
        HttpResponse<String> badPartition = internal("/internal/v1/partitions/-1/alerts");

        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(badStatus.body()).contains("'status'");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).contains("'limit'");
        assertThat(badPartition.statusCode()).isEqualTo(400);
        assertThat(badPartition.body()).contains("'partition'");
    }

    @Test
    void aLocalViewThatCannotBeReadIsA503ThatThePeerTurnsIntoAnUnavailableViewNamingTheInstance() {
        views.failWith(InMemoryViews.unavailable());

        assertThatThrownBy(() -> peers(SECRET).list(member, AlertFilter.all()))
                .isInstanceOf(ViewUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + server.port()).hasMessageContaining("503");
    }

    @Test
    void aPeerWithAnotherSecretOrNoneIsRefusedAndSaysWhy() {
        assertThatThrownBy(() -> peers("not-the-secret").get(member, "a-1"))
                .isInstanceOf(ViewUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + server.port()).hasMessageContaining("cluster secret")
                .hasMessageNotContaining("not-the-secret");
        assertThatThrownBy(() -> peers(null).get(member, "a-1"))
                .isInstanceOf(ViewUnavailableException.class).hasMessageContaining("is unset");
    }

    @Test
    void anUnreachableInstanceIsAnUnavailableViewNamingIt() {
        Member gone = new Member(new HostInfo("127.0.0.1", 1), Set.of(1));

        assertThatThrownBy(() -> peers(SECRET).list(gone, AlertFilter.all()))
                .isInstanceOf(ViewUnavailableException.class).hasMessageContaining("127.0.0.1:1 did not answer");
    }

    private HttpResponse<String> internal(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header(ClusterSecret.HEADER, SECRET).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(List<AlertView> views) {
        return views.stream().map(AlertView::alertId).toList();
    }
}
