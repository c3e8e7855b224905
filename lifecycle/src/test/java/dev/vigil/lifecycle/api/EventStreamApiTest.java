package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.Alert;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.SseTestClient;
import dev.vigil.lifecycle.SseTestClient.Message;
import dev.vigil.lifecycle.stream.EventJournal;
import dev.vigil.lifecycle.stream.EventStream;
import dev.vigil.lifecycle.stream.EventType;
import dev.vigil.lifecycle.stream.StreamEvent;
import dev.vigil.lifecycle.stream.StreamEvents;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/events/stream} on a real Javalin server, read by a real HTTP client as an EventSource would. */
class EventStreamApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HEARTBEAT = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicInteger alertNumber = new AtomicInteger();
    private final List<SseTestClient> clients = new ArrayList<>();
    private EventJournal journal;
    private EventStream stream;
    private LifecycleHttpServer server;

    private void start(int journalSize, int maxClients) {
        journal = new EventJournal(journalSize, Clock.systemUTC());
        stream = new EventStream(journal, HEARTBEAT, maxClients);
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().stream(stream).build(),
                OpsServer.newRegistry(), () -> null);
    }

    @AfterEach
    void stop() {
        clients.forEach(SseTestClient::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eventsArriveWithTheirIdsTypesAndData() throws Exception {
        start(100, 10);
        SseTestClient client = connect("");
        assertThat(client.status()).isEqualTo(200);
        assertThat(client.contentType()).startsWith("text/event-stream");
        assertThat(client.next(WAIT).retry()).isEqualTo(EventStreamRoutes.RETRY.toMillis());

        Alert alert = Fixtures.alert("a-1");
        StreamEvent detected = journal.append(StreamEvents.of(alert)).orElseThrow();
        StreamEvent acknowledged = journal.append(StreamEvents.of(Fixtures.acknowledge(alert, "alice", Fixtures.T0))
                .orElseThrow()).orElseThrow();

        List<Message> events = client.nextEvents(2, WAIT);
        assertThat(events).extracting(Message::id).containsExactly(detected.id(), acknowledged.id());
        assertThat(events).extracting(Message::event).containsExactly("anomaly.detected", "alert.acknowledged");
        JsonNode anomaly = JSON.readTree(events.get(0).data());
        assertThat(anomaly.get("alertId").asText()).isEqualTo("a-1");
        assertThat(anomaly.get("alert").get("severity").asText()).isEqualTo("high");
        assertThat(JSON.readTree(events.get(1).data()).get("actor").asText()).isEqualTo("alice");
    }

    @Test
    void aNewClientStartsWithTheNextEventNotTheJournal() throws Exception {
        start(100, 10);
        appendAlerts(3);
        SseTestClient client = connect("");

        StreamEvent next = appendAlerts(1).get(0);

        assertThat(client.nextEvent(WAIT).id()).isEqualTo(next.id());
    }

    @Test
    void theTypesFilterPassesOnlyTheTypesAskedFor() throws Exception {
        start(100, 10);
        SseTestClient client = connect("?types=alert.resolved,agent.halted");
        Alert alert = Fixtures.alert("a-1");

        journal.append(StreamEvents.of(alert));
        journal.append(StreamEvents.of(Fixtures.acknowledge(alert, "alice", Fixtures.T0)).orElseThrow());
        journal.append(StreamEvents.of(Fixtures.resolve(alert, "bob", Resolution.benign, Fixtures.T0)).orElseThrow());
        journal.append(StreamEvents.of(Fixtures.event(LifecycleAction.HALT, alert, "ops", "runaway", null, Fixtures.T0))
                .orElseThrow());

        assertThat(client.nextEvents(2, WAIT)).extracting(Message::event).containsExactly("alert.resolved", "agent.halted");
        assertThat(client.eventsWithin(HEARTBEAT.multipliedBy(2))).isEmpty();
    }

    @Test
    void theTenantFilterPassesOnlyThatTenantsEvents() throws Exception {
        start(100, 10);
        SseTestClient client = connect("?tenant=tenant-b");

        journal.append(StreamEvents.of(Fixtures.alert("of-a")));
        journal.append(StreamEvents.of(Alert.newBuilder(Fixtures.alert("of-b")).setTenantId("tenant-b").build()));

        Message event = client.nextEvent(WAIT);
        assertThat(JSON.readTree(event.data()).get("alertId").asText()).isEqualTo("of-b");
        assertThat(client.eventsWithin(HEARTBEAT.multipliedBy(2))).isEmpty();
    }

    @Test
    void anUnknownTypeIsA400NamingIt() throws Exception {
        start(100, 10);

        HttpResponse<String> response = get("?types=anomaly.detected,anomaly.exploded");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText())
                .contains("'anomaly.exploded'").contains("'types'").contains("alert.acknowledged");
    }

    @Test
    void heartbeatsArriveWhileNothingHappens() throws Exception {
        start(100, 10);
        SseTestClient client = connect("");
        client.next(WAIT);

        assertThat(client.next(WAIT).comment()).isEqualTo("heartbeat");
        assertThat(client.next(WAIT).comment()).isEqualTo("heartbeat");
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsExactlyTheEventsItMissedInOrder() throws Exception {
        start(100, 10);
        SseTestClient first = connect("");
        List<StreamEvent> seen = appendAlerts(3);
        assertThat(first.nextEvents(3, WAIT)).extracting(Message::id).containsExactlyElementsOf(ids(seen));
        first.close();

        List<StreamEvent> missed = appendAlerts(4);
        SseTestClient second = connect("", "Last-Event-ID", seen.get(2).id());
        assertThat(second.nextEvents(4, WAIT)).extracting(Message::id).containsExactlyElementsOf(ids(missed));
        StreamEvent live = appendAlerts(1).get(0);

        assertThat(second.nextEvent(WAIT).id()).isEqualTo(live.id());
        assertThat(second.eventsWithin(HEARTBEAT.multipliedBy(2))).as("nothing twice").isEmpty();
    }

    @Test
    void aClientThatKeepsReconnectingWhileEventsFlowMissesNothingAndSeesNothingTwice() throws Exception {
        start(1_000, 10);
        int total = 300;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                appendAlerts(1);
                if (i % 5 == 0) {
                    LockSupport.parkNanos(Duration.ofMillis(1).toNanos()); // paced, so reconnects fall amid the flow
                }
            }
        });
        List<String> received = new ArrayList<>();
        SseTestClient client = connect("?lastEventId=" + journal.idOf(0));
        producer.start();
        while (received.size() < total) {
            int take = Math.min(total - received.size(), ThreadLocalRandom.current().nextInt(1, 60));
            client.nextEvents(take, WAIT).forEach(m -> received.add(m.id()));
            client.close();
            client = connect("", "Last-Event-ID", received.get(received.size() - 1));
        }
        producer.join();

        List<String> all = new ArrayList<>();
        for (long seq = 1; seq <= total; seq++) {
            all.add(journal.idOf(seq));
        }
        assertThat(received).containsExactlyElementsOf(all);
        assertThat(client.eventsWithin(HEARTBEAT.multipliedBy(2))).isEmpty();
    }

    @Test
    void theLastEventIdParameterResumesLikeTheHeader() throws Exception {
        start(100, 10);
        List<StreamEvent> events = appendAlerts(3);

        SseTestClient client = connect("?lastEventId=" + events.get(0).id());

        assertThat(client.nextEvents(2, WAIT)).extracting(Message::id).containsExactlyElementsOf(ids(events.subList(1, 3)));
    }

    @Test
    void anIdOlderThanTheJournalGetsAGapThenTheWholeJournal() throws Exception {
        start(3, 10);
        List<StreamEvent> events = appendAlerts(5);

        SseTestClient client = connect("", "Last-Event-ID", events.get(0).id());

        Message gap = client.nextEvent(WAIT);
        assertThat(gap.event()).isEqualTo("stream.gap");
        assertThat(gap.id()).isEqualTo(events.get(1).id());
        JsonNode data = JSON.readTree(gap.data());
        assertThat(data.get("lastEventId").asText()).isEqualTo(events.get(0).id());
        assertThat(data.get("reason").asText()).contains("no longer kept");
        assertThat(client.nextEvents(3, WAIT)).extracting(Message::id).containsExactlyElementsOf(ids(events.subList(2, 5)));
    }

    @Test
    void anIdOfAnotherRunGetsAGapThenTheWholeJournal() throws Exception {
        start(100, 10);
        List<StreamEvent> events = appendAlerts(2);

        SseTestClient client = connect("", "Last-Event-ID", "1-7");

        assertThat(client.nextEvent(WAIT).event()).isEqualTo("stream.gap");
        assertThat(client.nextEvents(2, WAIT)).extracting(Message::id).containsExactlyElementsOf(ids(events));
    }

    @Test
    void aGapIsSentAlsoWhenTheFilterWouldHideEverything() throws Exception {
        start(100, 10);
        appendAlerts(2);

        SseTestClient client = connect("?types=agent.killed", "Last-Event-ID", "garbage");

        assertThat(client.nextEvent(WAIT).event()).isEqualTo("stream.gap");
        assertThat(client.eventsWithin(HEARTBEAT.multipliedBy(2))).isEmpty();
    }

    @Test
    void oneClientMoreThanTheCapIsA503WithRetryAfter() throws Exception {
        start(100, 1);
        SseTestClient first = connect("");
        first.next(WAIT);

        HttpResponse<String> second = get("");

        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("3");
    }

    @Test
    void closingTheServerEndsOpenStreams() throws Exception {
        start(100, 10);
        SseTestClient client = connect("");
        client.next(WAIT);

        server.close();
        server = null;

        assertThat(client.endsWithin(WAIT)).isTrue();
    }

    @Test
    void aClientThatStopsReadingHoldsNobodyUpAndIsDisconnectedOnceItFallsOutOfTheJournal() throws Exception {
        start(4, 10);
        String bulk = "x".repeat(64 * 1024);
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
            slow.getOutputStream().write(("GET " + EventStreamRoutes.PATH + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            awaitClients(1);

            for (int i = 0; i < 300; i++) {
                journal.append(new StreamEvent.Draft(EventType.ANOMALY_DETECTED, "tenant-a", "bulk-" + i,
                        "{\"bulk\":\"" + bulk + "\"}"));
            }
            SseTestClient other = connect("");
            StreamEvent live = appendAlerts(1).get(0);
            assertThat(other.nextEvent(WAIT).id()).as("another client is served meanwhile").isEqualTo(live.id());

            String received = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(received).startsWith("HTTP/1.1 200").contains(": fell behind the journal; reconnect with Last-Event-ID");
        }
    }

    private void awaitClients(int count) {
        await().atMost(WAIT).until(() -> stream.clients() == count);
    }

    private List<StreamEvent> appendAlerts(int count) {
        List<StreamEvent> appended = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Alert alert = Fixtures.alert("a-" + alertNumber.incrementAndGet());
            appended.add(journal.append(StreamEvents.of(alert)).orElseThrow());
        }
        return appended;
    }

    private static List<String> ids(List<StreamEvent> events) {
        return events.stream().map(StreamEvent::id).toList();
    }

    private SseTestClient connect(String query, String... headers) throws Exception {
        SseTestClient client = SseTestClient.connect(uri(query), headers);
        clients.add(client);
        return client;
    }

    private HttpResponse<String> get(String query) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String query) {
        return URI.create("http://127.0.0.1:" + server.port() + EventStreamRoutes.PATH + query);
    }
}
