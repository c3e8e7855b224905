package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.SseTestClient;
import dev.vigil.lifecycle.SseTestClient.Message;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.lifecycle.stream.EventJournal;
import dev.vigil.lifecycle.stream.EventStream;
import dev.vigil.lifecycle.stream.StreamEvent;
import dev.vigil.lifecycle.stream.StreamEvents;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's key sees opaque event ids on the live stream, so the ids tell it nothing of how many events other tenants
 * had in between; they still resume exactly. Operator keys keep the journal's plain ids.
 */
class TenantStreamIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OPAQUE = "t[A-Za-z0-9_-]{22}";

    private final ApiKeys.Created tenantA = ApiKeys.create("tenant-a", Role.VIEWER, "viewer-a");
    private final ApiKeys.Created operator = ApiKeys.create("*", Role.VIEWER, "ops");
    private final List<SseTestClient> clients = new ArrayList<>();
    private EventJournal journal;
    private LifecycleHttpServer server;
    private int number;

    @BeforeEach
    void start() {
        journal = new EventJournal(100, Clock.systemUTC());
        server = LifecycleHttpServer.start("127.0.0.1", 0,
                new ApiServices().stream(new EventStream(journal, Duration.ofMillis(200), 10)).build(),
                OpsServer.newRegistry(), () -> null, ApiKeys.of(List.of(tenantA.entry(), operator.entry())));
    }

    @AfterEach
    void stop() {
        clients.forEach(SseTestClient::close);
        server.close();
    }

    private SseTestClient connect(ApiKeys.Created key, String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + key.key()));
        all.addAll(List.of(headers));
        SseTestClient client = SseTestClient.connect(URI.create("http://127.0.0.1:" + server.port() + "/v1/events/stream"),
                all.toArray(String[]::new));
        clients.add(client);
        assertThat(client.status()).isEqualTo(200);
        return client;
    }

    private StreamEvent append(String tenant) {
        Alert alert = Alert.newBuilder(Fixtures.alert("alert-" + (++number))).setTenantId(tenant).build();
        return journal.append(StreamEvents.of(alert)).orElseThrow();
    }

    private static String alertIdOf(Message message) throws Exception {
        return JSON.readTree(message.data()).get("alertId").asText();
    }

    @Test
    void aTenantSeesOpaqueIdsAndAnOperatorThePlainOnes() throws Exception {
        SseTestClient mine = connect(tenantA);
        SseTestClient all = connect(operator);
        StreamEvent a1 = append("tenant-a");
        append("tenant-b");
        append("tenant-b");
        StreamEvent a2 = append("tenant-a");

        List<Message> seen = mine.nextEvents(2, WAIT);
        assertThat(seen).extracting(Message::id).allMatch(id -> id.matches(OPAQUE)).doesNotHaveDuplicates()
                .doesNotContain(a1.id(), a2.id());
        assertThat(alertIdOf(seen.get(0))).isEqualTo("alert-1");
        assertThat(alertIdOf(seen.get(1))).isEqualTo("alert-4");
        assertThat(all.nextEvents(4, WAIT)).extracting(Message::id).first().isEqualTo(a1.id());
    }

    @Test
    void anOpaqueIdResumesExactlyAfterIt() throws Exception {
        SseTestClient first = connect(tenantA);
        append("tenant-a");
        String lastSeen = first.nextEvent(WAIT).id();
        first.close();
        append("tenant-b");
        append("tenant-a");
        append("tenant-b");
        append("tenant-a");

        SseTestClient again = connect(tenantA, "Last-Event-ID", lastSeen);
        List<Message> missed = again.nextEvents(2, WAIT);
        assertThat(List.of(alertIdOf(missed.get(0)), alertIdOf(missed.get(1)))).containsExactly("alert-3", "alert-5");
        assertThat(again.eventsWithin(Duration.ofMillis(400))).as("nothing more, no gap").isEmpty();
    }

    @Test
    void aPlainOrMadeUpIdFromATenantIsAGapThatNamesNoPositionThenItsWholeJournal() throws Exception {
        StreamEvent a1 = append("tenant-a");
        append("tenant-b");
        for (String id : List.of(a1.id(), "tAAAAAAAAAAAAAAAAAAAAAA", "t!!", "1-999999")) {
            SseTestClient client = connect(tenantA, "Last-Event-ID", id);
            Message gap = client.nextEvent(WAIT);
            assertThat(gap.event()).isEqualTo("stream.gap");
            assertThat(gap.id()).matches(OPAQUE);
            String reason = JSON.readTree(gap.data()).get("reason").asText();
            assertThat(reason).as("no position of the shared sequence").doesNotContainPattern("\\d");
            assertThat(alertIdOf(client.nextEvent(WAIT))).isEqualTo("alert-1");
            assertThat(client.eventsWithin(Duration.ofMillis(300))).as("tenant-b's event is not shown").isEmpty();
            client.close();
        }
    }

    @Test
    void anIdOfAnotherServiceRunDoesNotDecode() {
        OpaqueStreamIds ours = new OpaqueStreamIds();
        OpaqueStreamIds theirs = new OpaqueStreamIds();
        String id = ours.encode(42);
        assertThat(ours.decode(id)).hasValue(42);
        assertThat(theirs.decode(id)).isEmpty();
        char last = id.charAt(id.length() - 2);
        assertThat(ours.decode(id.substring(0, id.length() - 2) + (last == 'A' ? 'B' : 'A') + id.charAt(id.length() - 1)))
                .as("a changed id").isEmpty();
        assertThat(ours.encode(1)).isNotEqualTo(ours.encode(2));
    }
}
