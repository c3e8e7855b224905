package dev.vigil.lifecycle.api;

import static dev.vigil.lifecycle.api.ApiCalls.error;
import static dev.vigil.lifecycle.api.ApiCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.avro.Alert;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.RecordingWriter;
import dev.vigil.lifecycle.command.AlertCommands;
import dev.vigil.lifecycle.view.AlertStatus;
import dev.vigil.lifecycle.view.NotificationEntry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The alert actions reopen, comment and assign, the transition table through the API, and the timeline. */
class AlertActionsApiTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Map<String, String> VALID_BODY = Map.of(
            "acknowledge", "{\"note\": \"looking\"}",
            "resolve", "{\"note\": \"fixed\", \"resolution\": \"true_positive\"}",
            "reopen", "{\"note\": \"it is back\"}",
            "comment", "{\"note\": \"seen on other agents too\"}",
            "assign", "{\"assignee\": \"dave\", \"note\": \"yours\"}");

    private final Alert alert = Fixtures.alert("a-1");
    private final InMemoryViews views = new InMemoryViews().add(alert);
    private final RecordingWriter writer = new RecordingWriter(views);
    private final PrometheusMeterRegistry registry = OpsServer.newRegistry();
    private final Map<String, List<NotificationEntry>> ledger = new java.util.concurrent.ConcurrentHashMap<>();
    private LifecycleHttpServer server;
    private ApiCalls calls;

    @BeforeEach
    void start() {
        AlertCommands commands = new AlertCommands(views, writer, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMillis(200));
        server = LifecycleHttpServer.start("127.0.0.1", 0, new ApiServices().alerts(views, commands)
                .notifications(id -> ledger.getOrDefault(id, List.of())).build(), registry, () -> null);
        calls = new ApiCalls(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- the table: every action from every status ----

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("acknowledge", AlertStatus.OPEN, "acknowledged"),
                Arguments.of("acknowledge", AlertStatus.ACKNOWLEDGED, "cannot acknowledge an alert that is already acknowledged"),
                Arguments.of("acknowledge", AlertStatus.RESOLVED, "cannot acknowledge an alert that is already resolved"),
                Arguments.of("resolve", AlertStatus.OPEN, "resolved"),
                Arguments.of("resolve", AlertStatus.ACKNOWLEDGED, "resolved"),
                Arguments.of("resolve", AlertStatus.RESOLVED, "cannot resolve an alert that is already resolved"),
                Arguments.of("reopen", AlertStatus.OPEN, "cannot reopen an alert that is already open"),
                Arguments.of("reopen", AlertStatus.ACKNOWLEDGED, "open"),
                Arguments.of("reopen", AlertStatus.RESOLVED, "open"),
                Arguments.of("comment", AlertStatus.OPEN, "open"),
                Arguments.of("comment", AlertStatus.ACKNOWLEDGED, "acknowledged"),
                Arguments.of("comment", AlertStatus.RESOLVED, "resolved"),
                Arguments.of("assign", AlertStatus.OPEN, "open"),
                Arguments.of("assign", AlertStatus.ACKNOWLEDGED, "acknowledged"),
                Arguments.of("assign", AlertStatus.RESOLVED, "resolved"));
    }

    /** {@code outcome}: the status after a 200, or the reason of a 409 (which then writes nothing). */
    @ParameterizedTest(name = "{0} from {1}: {2}")
    @MethodSource("table")
    void everyActionFromEveryStatusIsA200OrA409WithTheReason(String action, AlertStatus from, String outcome)
            throws Exception {
        bringTo(from);
        int before = writer.written().size();

        HttpResponse<String> response = calls.post("/v1/alerts/a-1/" + action, VALID_BODY.get(action));

        if (outcome.startsWith("cannot")) {
            JsonNode error = error(response, 409);
            assertThat(error.get("error").asText()).isEqualTo(outcome);
            assertThat(error.get("status").asText()).isEqualTo(from.wireName());
            assertThat(writer.written()).hasSize(before);
        } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).get("status").asText()).isEqualTo(outcome);
            assertThat(writer.written()).hasSize(before + 1);
            assertThat(writer.written().get(before).getAction().name()).isEqualTo(action.toUpperCase(Locale.ROOT));
        }
    }

    // ---- reopen, comment, assign ----

    @Test
    void reopenWritesAReopenEventAndAnswersTheOpenAlertWithoutItsResolution() throws Exception {
        bringTo(AlertStatus.RESOLVED);

        JsonNode view = json(calls.post("/v1/alerts/a-1/reopen", "{\"note\": \"it is back\"}"));

        assertThat(view.get("status").asText()).isEqualTo("open");
        assertThat(view.get("resolution").isNull()).isTrue();
        assertThat(view.get("resolvedBy").isNull()).isTrue();
        assertThat(view.get("note").asText()).isEqualTo("it is back");
        assertThat(writer.written()).last().satisfies(e -> {
            assertThat(e.getAction()).isEqualTo(LifecycleAction.REOPEN);
            assertThat(e.getActor()).isEqualTo("alice");
            assertThat(e.getNote()).isEqualTo("it is back");
            assertThat(e.getOccurredAt()).isEqualTo(NOW);
        });
    }

    @Test
    void reopenTakesAnEmptyBody() throws Exception {
        bringTo(AlertStatus.ACKNOWLEDGED);

        assertThat(calls.post("/v1/alerts/a-1/reopen", "").statusCode()).isEqualTo(200);
        assertThat(writer.written()).last().satisfies(e -> assertThat(e.getNote()).isNull());
    }

    @Test
    void aCommentIsWrittenWithItsNoteAndLeavesTheStatus() throws Exception {
        JsonNode view = json(calls.post("/v1/alerts/a-1/comment", "{\"note\": \"seen on other agents too\"}"));

        assertThat(view.get("status").asText()).isEqualTo("open");
        assertThat(view.get("history").get(0).get("action").asText()).isEqualTo("COMMENT");
        assertThat(view.get("history").get(0).get("note").asText()).isEqualTo("seen on other agents too");
        assertThat(writer.written()).singleElement().satisfies(e -> {
            assertThat(e.getAction()).isEqualTo(LifecycleAction.COMMENT);
            assertThat(e.getNote()).isEqualTo("seen on other agents too");
        });
    }

    @Test
    void anAssignSetsTheAssigneeShownInTheJsonAndOnTheEvent() throws Exception {
        JsonNode view = json(calls.post("/v1/alerts/a-1/assign", "{\"assignee\": \"  dave@example.com \"}"));

        assertThat(view.get("assignee").asText()).isEqualTo("dave@example.com");
        assertThat(view.get("status").asText()).isEqualTo("open");
        assertThat(writer.written()).singleElement().satisfies(e -> {
            assertThat(e.getAction()).isEqualTo(LifecycleAction.ASSIGN);
            assertThat(e.getAssignee()).isEqualTo("dave@example.com");
        });
        assertThat(json(calls.get("/v1/alerts/a-1")).get("assignee").asText()).isEqualTo("dave@example.com");
        assertThat(json(calls.get("/v1/alerts")).get("alerts").get(0).get("assignee").asText()).isEqualTo("dave@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"note\": null}", "{\"note\": \"\"}", "{\"note\": \"   \"}"})
    void aCommentWithoutANoteIsA400NamingNote(String body) throws Exception {
        JsonNode error = error(calls.post("/v1/alerts/a-1/comment", body), 400);

        assertThat(error.get("field").asText()).isEqualTo("note");
        assertThat(error.get("error").asText()).contains("note is required");
        assertThat(writer.written()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"note\": \"x\"}", "{\"assignee\": null}"})
    void anAssignWithoutAnAssigneeIsA400NamingIt(String body) throws Exception {
        JsonNode error = error(calls.post("/v1/alerts/a-1/assign", body), 400);

        assertThat(error.get("field").asText()).isEqualTo("assignee");
        assertThat(error.get("error").asText()).contains("assignee is required");
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void anAssigneeOfAtMostTwoHundredPrintableCharactersIsAccepted() throws Exception {
        String longest = "d".repeat(ActionBody.MAX_ASSIGNEE);

        assertThat(calls.post("/v1/alerts/a-1/assign", "{\"assignee\": \"" + longest + "\"}").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"assignee\": \"   \"}", "{\"assignee\": \"dave\\u0000\"}", "{\"assignee\": \"dave\\nmallory\"}",
            "{\"assignee\": \"LONG\"}"})
    void anEmptyOverlongOrUnprintableAssigneeIsA400NamingIt(String body) throws Exception {
        String sent = body.replace("LONG", "d".repeat(ActionBody.MAX_ASSIGNEE + 1));

        JsonNode error = error(calls.post("/v1/alerts/a-1/assign", sent), 400);

        assertThat(error.get("field").asText()).isEqualTo("assignee");
        assertThat(error.get("error").asText()).contains("1 to 200 printable characters");
        assertThat(writer.written()).isEmpty();
    }

    // ---- 400s on every new route ----

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("reopen", "{\"note\": ", null, "malformed JSON"),
                Arguments.of("comment", "{\"note\": \"a\"} {}", null, "malformed JSON"),
                Arguments.of("assign", "{\"assignee\":\"a\",\"assignee\":\"b\"}", null, "malformed JSON"),
                Arguments.of("comment", "[\"note\"]", null, "JSON object"),
                Arguments.of("reopen", "{\"note\": 42}", "note", "note must be a string, not number"),
                Arguments.of("comment", "{\"note\": [\"x\"]}", "note", "note must be a string, not array"),
                Arguments.of("assign", "{\"assignee\": 7}", "assignee", "assignee must be a string, not number"),
                Arguments.of("assign", "{\"assignee\": \"d\", \"note\": true}", "note", "note must be a string, not boolean"),
                Arguments.of("reopen", "{\"resolution\": \"benign\"}", "resolution", "unknown field 'resolution'; allowed: note"),
                Arguments.of("comment", "{\"note\": \"x\", \"assignee\": \"d\"}", "assignee", "unknown field 'assignee'; allowed: note"),
                Arguments.of("assign", "{\"assignee\": \"d\", \"resolution\": \"benign\"}", "resolution",
                        "unknown field 'resolution'; allowed: assignee, note"),
                Arguments.of("acknowledge", "{\"assignee\": \"d\"}", "assignee", "unknown field 'assignee'; allowed: note"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badBodies")
    void aBadBodyIsA400SayingWhatIsWrong(String action, String body, String field, String message) throws Exception {
        bringTo(action.equals("reopen") ? AlertStatus.RESOLVED : AlertStatus.OPEN);
        int before = writer.written().size();

        JsonNode error = error(calls.post("/v1/alerts/a-1/" + action, body), 400);

        assertThat(error.get("error").asText()).contains(message);
        if (field != null) {
            assertThat(error.get("field").asText()).isEqualTo(field);
        }
        assertThat(writer.written()).hasSize(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reopen", "comment", "assign"})
    void anOversizedBodyIsA413OnEveryNewRoute(String action) throws Exception {
        String body = "{\"note\":\"" + "x".repeat(RequestBody.MAX_BYTES) + "\"}";

        assertThat(error(calls.post("/v1/alerts/a-1/" + action, body), 413).get("error").asText()).contains("65536 bytes");
        assertThat(writer.written()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reopen", "comment", "assign"})
    void anUnknownAlertIsA404OnEveryNewRouteWhateverTheBody(String action) throws Exception {
        assertThat(error(calls.post("/v1/alerts/nope/" + action, VALID_BODY.get(action)), 404).get("error").asText())
                .isEqualTo("no alert with id nope");
        assertThat(error(calls.post("/v1/alerts/nope/" + action, "{bad"), 404).get("error").asText())
                .isEqualTo("no alert with id nope");
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void newActionsAreCountedByOutcome() throws Exception {
        calls.post("/v1/alerts/a-1/comment", "{\"note\": \"x\"}");
        calls.post("/v1/alerts/a-1/reopen", "{}");

        assertThat(calls.get("/metrics").body())
                .contains("vigil_lifecycle_commands_total{action=\"comment\",outcome=\"applied\"} 1.0")
                .contains("vigil_lifecycle_commands_total{action=\"reopen\",outcome=\"conflict\"} 1.0");
    }

    // ---- the timeline ----

    @Test
    void theTimelineHoldsTheDetectionEveryLifecycleEventAndEveryDeliveryInTimeOrder() throws Exception {
        Instant t0 = alert.getFirstSeen();
        views.apply(Fixtures.acknowledge(alert, "alice", t0.plusSeconds(60)));
        views.apply(dev.vigil.avro.AlertLifecycleEvent.newBuilder(Fixtures.event(LifecycleAction.ASSIGN, alert, "lead",
                null, null, t0.plusSeconds(90))).setAssignee("dave").build());
        views.apply(Fixtures.resolve(alert, "bob", Resolution.benign, t0.plusSeconds(120)));
        ledger.put("a-1", List.of(
                new NotificationEntry("d-1", "slack-ops", "retrying", 1, "alert", "HTTP 503; attempt 2 in 500 ms", t0.plusSeconds(1)),
                new NotificationEntry("d-1", "slack-ops", "delivered", 2, "alert", null, t0.plusSeconds(2)),
                new NotificationEntry("d-2", "pagerduty", "delivered", 1, "acknowledge", null, t0.plusSeconds(61))));

        JsonNode timeline = json(calls.get("/v1/alerts/a-1")).get("timeline");

        assertThat(timeline).hasSize(7);
        assertThat(timeline.findValuesAsText("type")).containsExactly("detection", "notification", "notification",
                "lifecycle", "notification", "lifecycle", "lifecycle");
        assertThat(timeline.findValuesAsText("at")).isSorted();
        JsonNode detection = timeline.get(0);
        assertThat(detection.get("at").asText()).isEqualTo("2025-03-01T10:00:00.000Z");
        assertThat(detection.get("detectedAt").asText()).isEqualTo("2025-03-01T10:00:00.000Z");
        assertThat(detection.get("occurrences").asLong()).isEqualTo(1);
        JsonNode retry = timeline.get(1);
        assertThat(retry.get("channel").asText()).isEqualTo("slack-ops");
        assertThat(retry.get("status").asText()).isEqualTo("retrying");
        assertThat(retry.get("attempt").asInt()).isEqualTo(1);
        assertThat(retry.get("trigger").asText()).isEqualTo("alert");
        assertThat(retry.get("detail").asText()).isEqualTo("HTTP 503; attempt 2 in 500 ms");
        JsonNode ack = timeline.get(3);
        assertThat(ack.get("action").asText()).isEqualTo("ACKNOWLEDGE");
        assertThat(ack.get("actor").asText()).isEqualTo("alice");
        assertThat(ack.get("note").asText()).isEqualTo("looking");
        assertThat(ack.get("eventId").asText()).isNotBlank();
        assertThat(timeline.get(5).get("assignee").asText()).isEqualTo("dave");
        assertThat(timeline.get(6).get("resolution").asText()).isEqualTo("benign");
        assertThat(timeline.get(4).get("trigger").asText()).isEqualTo("acknowledge");
    }

    @Test
    void anAlertWithoutDeliveriesHasItsDetectionAloneAndListsHaveNoTimeline() throws Exception {
        JsonNode timeline = json(calls.get("/v1/alerts/a-1")).get("timeline");

        assertThat(timeline).hasSize(1);
        assertThat(timeline.get(0).get("type").asText()).isEqualTo("detection");
        assertThat(json(calls.get("/v1/alerts")).get("alerts").get(0).has("timeline")).isFalse();
    }

    private void bringTo(AlertStatus status) {
        if (status == AlertStatus.ACKNOWLEDGED) {
            views.apply(Fixtures.acknowledge(alert, "setup", Fixtures.T0.plusSeconds(1)));
        } else if (status == AlertStatus.RESOLVED) {
            views.apply(Fixtures.resolve(alert, "setup", Resolution.true_positive, Fixtures.T0.plusSeconds(1)));
        }
        assertThat(views.get("a-1").orElseThrow().status()).isEqualTo(status);
    }
}
