package dev.vigil.lifecycle.api;

import static dev.vigil.lifecycle.api.IsolationWorld.A_ACKED;
import static dev.vigil.lifecycle.api.IsolationWorld.A_AGENT;
import static dev.vigil.lifecycle.api.IsolationWorld.A_CHANNEL;
import static dev.vigil.lifecycle.api.IsolationWorld.A_OPEN;
import static dev.vigil.lifecycle.api.IsolationWorld.A_RESOLVED;
import static dev.vigil.lifecycle.api.IsolationWorld.A_RULE;
import static dev.vigil.lifecycle.api.IsolationWorld.A_SILENCE;
import static dev.vigil.lifecycle.api.IsolationWorld.B_ACKED;
import static dev.vigil.lifecycle.api.IsolationWorld.B_AGENT;
import static dev.vigil.lifecycle.api.IsolationWorld.B_OPEN;
import static dev.vigil.lifecycle.api.IsolationWorld.MARK;
import static dev.vigil.lifecycle.api.IsolationWorld.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.SseTestClient;
import dev.vigil.lifecycle.SseTestClient.Message;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.stream.StreamEvent;
import dev.vigil.lifecycle.stream.StreamEvents;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tenant-isolation matrix of issue 6: every route of {@link LifecycleHttpServer#routes()} × each of tenant B's
 * keys (viewer, responder, admin), aimed at tenant A's objects with a body that would succeed for tenant A. Tenant B
 * may get its own data, an empty answer, 400, 403 or 404, never a 5xx; no answer (body or header) holds anything of
 * tenant A that the request did not itself send; a 404 for tenant A's object is the 404 of a missing id byte for byte;
 * nothing is written and no view changes. An operator key is the positive control: the same requests read tenant A's
 * objects and succeed, so the matrix cannot pass because the seed is not found. The live stream and the metrics routes
 * get their own tests.
 */
class TenantIsolationMatrixTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Set<Integer> ALLOWED_FOR_B = Set.of(200, 202, 400, 403, 404);
    /** A string of tenant A's as it can appear in a request: the whole token around the marker. */
    private static final Pattern TOKEN_OF_A = Pattern.compile("[A-Za-z0-9:_.\\-]*" + MARK + "[A-Za-z0-9:_.\\-]*");

    /** What the operator's request must show: tenant A's data, a success, or (a probe of B's own object) a 200. */
    private enum Control { READS_A, WRITES, SUCCEEDS, OWN_B }

    /**
     * One request of the matrix: a path template whose {@code {name}} placeholders (in the path or the query) are
     * filled from {@code params}, a body (null: none), extra headers, and what the operator key must get.
     */
    private record Probe(String method, String template, Map<String, String> params, String body,
                         Map<String, String> headers, Control control) {

        /** The route as {@link LifecycleHttpServer#routes()} names it. */
        String route() {
            int query = template.indexOf('?');
            return method + " " + (query < 0 ? template : template.substring(0, query));
        }

        String path(Map<String, String> values) {
            String path = template;
            for (Map.Entry<String, String> value : values.entrySet()) {
                path = path.replace("{" + value.getKey() + "}", value.getValue());
            }
            return path;
        }

        boolean isStream() {
            return template.startsWith(EventStreamRoutes.PATH);
        }

        @Override
        public String toString() {
            return method + " " + path(params);
        }
    }

    /** An answer as the checks need it. */
    private record Answer(int status, HttpHeaders headers, String body) {

        /** Every header but {@code Date}, which differs between two calls. */
        Map<String, List<String>> comparableHeaders() {
            Map<String, List<String>> all = new TreeMap<>(headers.map());
            all.keySet().removeIf(name -> name.equalsIgnoreCase("date"));
            return all;
        }
    }

    private final List<IsolationWorld> worlds = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private IsolationWorld world;

    @BeforeEach
    void seed() throws Exception {
        world = newWorld();
    }

    @AfterEach
    void stop() {
        worlds.forEach(IsolationWorld::close);
    }

    private IsolationWorld newWorld() throws Exception {
        IsolationWorld created = new IsolationWorld();
        worlds.add(created);
        return created;
    }

    /** The matrix: tenant A's ids in every route, plus the tenant and agent filters of the lists. */
    private static List<Probe> matrix(IsolationWorld w) {
        String incident = w.aIncident.incidentId();
        String note = "{\"note\": \"probe\"}";
        String justification = "{\"justification\": \"probe\"}";
        List<Probe> probes = new ArrayList<>();
        probes.add(read("/v1/alerts"));
        probes.add(read("/v1/alerts?tenant={tenant}", "tenant", TENANT_A));
        probes.add(read("/v1/alerts?agent={agent}", "agent", A_AGENT));
        probes.add(read("/v1/alerts/{id}", "id", A_OPEN));
        probes.add(write("POST", "/v1/alerts/{id}/acknowledge", "id", A_OPEN, note));
        probes.add(write("POST", "/v1/alerts/{id}/resolve", "id", A_ACKED,
                "{\"note\": \"probe\", \"resolution\": \"false_positive\"}"));
        probes.add(write("POST", "/v1/alerts/{id}/reopen", "id", A_RESOLVED, note));
        probes.add(write("POST", "/v1/alerts/{id}/comment", "id", A_OPEN, note));
        probes.add(write("POST", "/v1/alerts/{id}/assign", "id", A_OPEN, "{\"assignee\": \"probe\"}"));
        probes.add(read("/v1/anomalies"));
        probes.add(read("/v1/anomalies?unacknowledged=true"));
        probes.add(new Probe("POST", "/v1/anomalies/detect", Map.of(), null, Map.of(), Control.READS_A));
        probes.add(write("POST", "/v1/anomalies/{id}/acknowledge", "id", A_OPEN, note));
        probes.add(read("/v1/anomalies/metrics?window=7d"));
        probes.add(read("/v1/rules"));
        probes.add(read("/v1/rules/{ruleId}", "ruleId", A_RULE));
        probes.add(write("POST", "/v1/rules", Map.of(), IsolationWorld.ruleJson(A_RULE + "-new", "5")));
        probes.add(write("PUT", "/v1/rules/{ruleId}", "ruleId", A_RULE, IsolationWorld.ruleJson(A_RULE, "6")));
        probes.add(write("PATCH", "/v1/rules/{ruleId}", "ruleId", A_RULE, "{\"enabled\": false}"));
        probes.add(write("DELETE", "/v1/rules/{ruleId}", "ruleId", A_RULE, null));
        probes.add(read("/v1/channels"));
        probes.add(read("/v1/channels/{name}", "name", A_CHANNEL));
        probes.add(write("POST", "/v1/channels", Map.of(), IsolationWorld.channelJson(A_CHANNEL + "-new")));
        probes.add(write("PUT", "/v1/channels/{name}", "name", A_CHANNEL, IsolationWorld.channelJson(A_CHANNEL)));
        probes.add(write("DELETE", "/v1/channels/{name}", "name", A_CHANNEL, null));
        probes.add(new Probe("POST", "/v1/channels/{name}/test", Map.of("name", A_CHANNEL), null, Map.of(),
                Control.SUCCEEDS));
        probes.add(read("/v1/silences"));
        probes.add(read("/v1/silences/{id}", "id", A_SILENCE));
        probes.add(write("POST", "/v1/silences", Map.of(), IsolationWorld.silenceJson(A_SILENCE + "-new")));
        probes.add(write("DELETE", "/v1/silences/{id}", "id", A_SILENCE, null));
        probes.add(read("/v1/incidents"));
        probes.add(read("/v1/incidents?tenant={tenant}", "tenant", TENANT_A));
        probes.add(read("/v1/incidents?agent={agent}", "agent", A_AGENT));
        probes.add(read("/v1/incidents/{id}", "id", incident));
        probes.add(write("PATCH", "/v1/incidents/{id}", "id", incident,
                "{\"status\": \"contained\", \"note\": \"probe\"}"));
        probes.add(new Probe("GET", EventStreamRoutes.PATH, Map.of(),
                null, Map.of(EventStreamRoutes.LAST_EVENT_ID, w.journal.idOf(0)), Control.READS_A));
        probes.add(new Probe("GET", EventStreamRoutes.PATH + "?tenant={tenant}", Map.of("tenant", TENANT_A),
                null, Map.of(EventStreamRoutes.LAST_EVENT_ID, w.journal.idOf(0)), Control.READS_A));
        probes.add(read("/v1/agents"));
        probes.add(read("/v1/agents?tenant={tenant}", "tenant", TENANT_A));
        probes.add(read("/v1/agents/{id}", "id", A_AGENT));
        probes.add(write("PUT", "/v1/agents/{id}", "id", A_AGENT, IsolationWorld.profileJsonOfA()));
        probes.add(write("DELETE", "/v1/agents/{id}", "id", A_AGENT, null));
        probes.add(read("/v1/agents/{id}/status", "id", A_AGENT));
        probes.add(new Probe("GET", "/v1/agents/{id}/status", Map.of("id", B_AGENT), null, Map.of(), Control.OWN_B));
        probes.add(new Probe("GET", "/v1/agents/{id}/status", Map.of("id", IsolationWorld.B_REUSED_AGENT), null,
                Map.of(), Control.OWN_B));
        probes.add(new Probe("GET", "/v1/agents/{id}", Map.of("id", IsolationWorld.B_REUSED_AGENT), null,
                Map.of(), Control.OWN_B));
        for (String command : List.of("halt", "resume", "kill", "calibrated")) {
            probes.add(write("POST", "/v1/agents/{id}/" + command, "id", A_AGENT, justification));
        }
        return probes;
    }

    private static Probe read(String template) {
        return new Probe("GET", template, Map.of(), null, Map.of(), Control.READS_A);
    }

    private static Probe read(String template, String param, String value) {
        return new Probe("GET", template, Map.of(param, value), null, Map.of(), Control.READS_A);
    }

    private static Probe write(String method, String template, String param, String value, String body) {
        return write(method, template, Map.of(param, value), body);
    }

    private static Probe write(String method, String template, Map<String, String> params, String body) {
        return new Probe(method, template, params, body, Map.of(), Control.WRITES);
    }

    @Test
    void theMatrixCoversEveryRouteOfTheServer() {
        Set<String> routes = world.server.routes().stream()
                .filter(route -> !route.contains(" /internal/"))
                .filter(route -> !Set.of("GET /health", "GET /metrics", "GET /openapi.json").contains(route))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = matrix(world).stream().map(Probe::route).collect(Collectors.toCollection(TreeSet::new));

        assertThat(covered).isEqualTo(routes);
    }

    @Test
    void tenantBsKeysNeitherSeeNorChangeAnythingOfTenantA() throws Exception {
        Map<String, Integer> statuses = assertTenantBReachesNothingOfTenantA(matrix(world));

        assertThat(statuses).as("the matrix exercised lists, refusals and hidden objects")
                .containsKeys("200", "400", "403", "404");
    }

    /** A bad body must not tell tenant A's object from a missing one either (the object is looked up first). */
    @Test
    void tenantBsBadBodiesCannotTellTenantAsObjectsFromMissingOnes() throws Exception {
        List<Probe> badBodies = new ArrayList<>();
        for (Probe probe : matrix(world)) {
            if (probe.control() == Control.WRITES && !probe.params().isEmpty()) {
                for (String body : new String[] {"{not json", "{}", "[]", "{\"unknown\": 1}"}) {
                    badBodies.add(new Probe(probe.method(), probe.template(), probe.params(), body, probe.headers(),
                            probe.control()));
                }
            }
        }

        assertTenantBReachesNothingOfTenantA(badBodies);
    }

    /**
     * Each probe × each of tenant B's keys: an allowed status, no leak, the answer of a missing id; then nothing
     * written and no view changed. Returns how often each status was answered.
     */
    private Map<String, Integer> assertTenantBReachesNothingOfTenantA(List<Probe> probes) throws Exception {
        Map<String, String> before = world.snapshot();
        Map<String, Integer> statuses = new TreeMap<>();
        for (Probe probe : probes) {
            for (ApiKeys.Created key : List.of(world.viewerB, world.responderB, world.adminB)) {
                String as = probe + " " + probe.body() + " as " + key.entry().split(":")[2];
                Answer answer = call(world, probe, probe.params(), key.key());
                assertThat(answer.status()).as(as + ": " + answer.body()).isIn(ALLOWED_FOR_B);
                assertNoLeak(as, probe, probe.params(), answer);
                if (!probe.params().isEmpty() && probe.control() != Control.OWN_B) {
                    assertSameAsMissing(as, probe, key.key(), answer);
                }
                statuses.merge(answer.status() + "", 1, Integer::sum);
            }
        }
        assertThat(world.writtenSinceSeeded()).as("written by tenant B's requests").isEmpty();
        assertThat(world.writes()).isEqualTo(world.seededWrites());
        assertThat(world.snapshot()).isEqualTo(before);
        return statuses;
    }

    @Test
    void anOperatorKeyReadsTenantAsObjectsAndItsWritesSucceed() throws Exception {
        for (Probe probe : matrix(world)) {
            IsolationWorld fresh = probe.control() == Control.WRITES || probe.control() == Control.SUCCEEDS
                    ? newWorld() : world;
            Answer answer = call(fresh, probe, probe.params(), fresh.operator.key());
            assertThat(answer.status()).as(probe + ": " + answer.body()).isBetween(200, 299);
            switch (probe.control()) {
                case READS_A -> assertThat(answer.body()).as(probe.toString()).contains(MARK);
                case WRITES -> assertThat(fresh.writtenSinceSeeded()).as(probe + " wrote").isNotEmpty()
                        .allSatisfy(written -> assertThat(written).contains(MARK));
                case SUCCEEDS, OWN_B -> assertThat(fresh.writtenSinceSeeded()).as(probe + " wrote").isEmpty();
            }
        }
    }

    @Test
    void tenantBsStreamReplaysAndFollowsOnlyTenantBsEvents() throws Exception {
        try (SseTestClient b = connect(world.viewerB, world.journal.idOf(0));
             SseTestClient operator = connect(world.operator, world.journal.idOf(0))) {
            assertThat(b.status()).isEqualTo(200);
            List<Message> replayed = withoutGap(until(b, world.lastOfB()));
            assertThat(ids(replayed)).containsExactlyElementsOf(ids(world.journalOfB));

            world.appendOfA(StreamEvents.of(world.alertOfA("a-secret-alert-live", A_AGENT, Severity.critical)));
            world.appendOfB(StreamEvents.of(world.alertOfB("b-own-alert-live", Severity.low)));
            List<Message> live = until(b, world.lastOfB());

            assertThat(ids(live)).containsExactly(world.lastOfB().data());
            for (Message event : concat(replayed, live)) {
                assertThat(event.data()).doesNotContainIgnoringCase(MARK).contains(IsolationWorld.TENANT_B);
            }
            List<Message> seenByOperator = until(operator, world.lastOfB());
            assertThat(ids(seenByOperator)).containsAll(ids(world.journalOfA));
        }
    }

    @Test
    void tenantBsStreamResumedAfterOneOfTenantAsEventsStillSkipsTenantAsEvents() throws Exception {
        String firstOfA = world.journalOfA.get(0).id();
        try (SseTestClient b = connect(world.responderB, firstOfA)) {
            List<Message> replayed = withoutGap(until(b, world.lastOfB()));

            assertThat(ids(replayed)).containsExactlyElementsOf(ids(world.journalOfB));
            assertThat(replayed).allSatisfy(event -> assertThat(event.data()).doesNotContainIgnoringCase(MARK));
        }
    }

    @Test
    void tenantBsMetricsCountTenantBsAlertsOnly() throws Exception {
        JsonNode ofB = json(world.send("GET", "/v1/anomalies/metrics?window=7d", world.viewerB.key(), null, Map.of()));
        assertThat(ofB.get("totalAlerts").asLong()).isEqualTo(2);
        assertThat(ofB.get("openAlerts").asLong()).isEqualTo(1);
        assertThat(fields(ofB.get("byRule"))).isEqualTo(Map.of("b-own-rule", 2L));
        assertThat(fields(ofB.get("bySeverity")))
                .isEqualTo(Map.of("low", 1L, "medium", 0L, "high", 1L, "critical", 0L));
        assertThat(StreamSupport.stream(ofB.get("recentActivity").spliterator(), false)
                .mapToLong(day -> day.get("count").asLong()).sum()).isEqualTo(2);

        JsonNode all = json(world.send("GET", "/v1/anomalies/metrics?window=7d", world.operator.key(), null, Map.of()));
        assertThat(all.get("totalAlerts").asLong()).isEqualTo(6);
        assertThat(all.get("openAlerts").asLong()).isEqualTo(3);
        assertThat(fields(all.get("byRule"))).containsEntry("a-secret-rule", 4L);
    }

    @Test
    void tenantBsDetectAndAnomalyListHoldTenantBsAlertsOnly() throws Exception {
        JsonNode detect = json(world.send("POST", "/v1/anomalies/detect", world.viewerB.key(), null, Map.of()));
        assertThat(detect.get("total").asLong()).isEqualTo(1);
        assertThat(anomalyIds(detect)).containsExactly(B_OPEN);
        JsonNode list = json(world.send("GET", "/v1/anomalies", world.viewerB.key(), null, Map.of()));
        assertThat(list.get("total").asLong()).isEqualTo(2);
        assertThat(anomalyIds(list)).containsExactlyInAnyOrder(B_OPEN, B_ACKED);

        JsonNode all = json(world.send("POST", "/v1/anomalies/detect", world.operator.key(), null, Map.of()));
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(anomalyIds(all)).contains(A_OPEN, B_OPEN);
    }

    @Test
    void tenantBsAgentStatusDoesNotCountTenantAsAlertOnTheSameAgentId() throws Exception {
        JsonNode status = json(world.send("GET", "/v1/agents/" + B_AGENT + "/status", world.viewerB.key(), null,
                Map.of()));
        assertThat(status.toString()).doesNotContainIgnoringCase(MARK);
        assertThat(status.toString()).doesNotContain("critical");
    }

    @Test
    void tenantBsAgentOnAnIdTenantAUsedBeforeShowsAndRefusesNothingByTenantAsBreakerRecord() throws Exception {
        String path = "/v1/agents/" + IsolationWorld.B_REUSED_AGENT;
        JsonNode status = json(world.send("GET", path + "/status", world.viewerB.key(), null, Map.of()));
        assertThat(status.get("state").asText()).isEqualTo("MONITORING");
        assertThat(status.get("reason").isNull()).isTrue();
        assertThat(status.toString()).doesNotContainIgnoringCase(MARK);

        HttpResponse<String> halt = world.send("POST", path + "/halt", world.responderB.key(),
                "{\"justification\": \"ours now\"}", Map.of());
        assertThat(halt.statusCode()).as(halt.body()).isEqualTo(202);
        assertThat(halt.body()).doesNotContain("KILLED");
        assertThat(world.commandWriter.written()).singleElement()
                .satisfies(e -> assertThat(e.getTenantId()).isEqualTo(IsolationWorld.TENANT_B));
    }

    // ---- the checks ----

    /** Nothing of tenant A in the answer, once what the request itself sent is taken out. */
    private void assertNoLeak(String as, Probe probe, Map<String, String> values, Answer answer) {
        String seen = answer.body() + "\n" + answer.headers().map();
        String request = URLDecoder.decode(probe.path(values), StandardCharsets.UTF_8) + "\n" + probe.body() + "\n"
                + probe.headers();
        Set<String> sent = tokensOfA(request);
        if (request.contains(world.aIncident.incidentId())) {
            sent.add(world.aIncident.incidentId());
        }
        for (String token : sent) {
            seen = seen.replace(token, "");
        }
        assertThat(seen.toLowerCase(Locale.ROOT)).as(as + " leaks tenant A").doesNotContain(MARK);
        assertThat(seen).as(as + " leaks tenant A's incident").doesNotContain(world.aIncident.incidentId());
    }

    /** The 404 for tenant A's object equals the 404 for a missing object of the same kind (same length id). */
    private void assertSameAsMissing(String as, Probe probe, String key, Answer answer) throws Exception {
        Map<String, String> missing = new LinkedHashMap<>();
        probe.params().forEach((name, value) -> missing.put(name, missing(value)));
        String body = probe.body();
        for (Map.Entry<String, String> param : probe.params().entrySet()) {
            body = body == null ? null : body.replace(param.getValue(), missing.get(param.getKey()));
        }
        Probe ofMissing = new Probe(probe.method(), probe.template(), missing, body, probe.headers(), probe.control());
        Answer absent = call(world, ofMissing, missing, key);
        String expected = absent.body();
        for (Map.Entry<String, String> param : probe.params().entrySet()) {
            expected = expected.replace(missing.get(param.getKey()), param.getValue());
        }

        assertThat(absent.status()).as(as + " for a missing id").isEqualTo(answer.status());
        assertThat(answer.body()).as(as + " against a missing id").isEqualTo(expected);
        assertThat(answer.comparableHeaders()).as(as + " headers").isEqualTo(absent.comparableHeaders());
    }

    /** An id of the same kind and length that nothing has. */
    private static String missing(String value) {
        if (value.contains(MARK)) {
            return value.replace(MARK, "no-such-");
        }
        return value.substring(0, 4) + "0".repeat(value.length() - 4);
    }

    private static Set<String> tokensOfA(String text) {
        Set<String> tokens = new TreeSet<>(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder()));
        Matcher m = TOKEN_OF_A.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    // ---- calls ----

    private Answer call(IsolationWorld w, Probe probe, Map<String, String> values, String key) throws Exception {
        if (probe.isStream()) {
            return stream(w, probe, values, key);
        }
        HttpResponse<String> r = w.send(probe.method(), probe.path(values), key, probe.body(), probe.headers());
        return new Answer(r.statusCode(), r.headers(), r.body());
    }

    /**
     * A stream read until the newest event of the tenant it carries has come (tenant B's, or tenant A's for a stream
     * asked for tenant A), so that everything before it was sent or held back.
     */
    private Answer stream(IsolationWorld w, Probe probe, Map<String, String> values, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(w.uri(probe.path(values))).GET()
                .header("Authorization", "Bearer " + key);
        probe.headers().forEach(request::header);
        HttpResponse<InputStream> r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        StringBuilder body = new StringBuilder();
        // a tenant's key sees opaque ids: events are known by their data, which is the journal's exactly
        String end = "data: " + (TENANT_A.equals(values.get("tenant")) ? last(w.journalOfA) : w.lastOfB().data());
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                body.append(line).append('\n');
                if (line.equals(end) || System.nanoTime() > deadline) {
                    break;
                }
            }
        }
        if (r.statusCode() == 200) {
            assertThat(body.toString()).as(probe + ": the stream reached tenant B's newest event").contains(end);
        }
        return new Answer(r.statusCode(), r.headers(), body.toString());
    }

    private SseTestClient connect(ApiKeys.Created key, String lastEventId) throws Exception {
        return SseTestClient.connect(world.uri(EventStreamRoutes.PATH), "Authorization", "Bearer " + key.key(),
                EventStreamRoutes.LAST_EVENT_ID, lastEventId);
    }

    /** The events up to and including {@code last} (known by its data: a tenant's key sees opaque ids). */
    private static List<Message> until(SseTestClient client, StreamEvent last) throws InterruptedException {
        List<Message> events = new ArrayList<>();
        Message event;
        do {
            event = client.nextEvent(WAIT);
            events.add(event);
        } while (!last.data().equals(event.data()));
        return events;
    }

    /**
     * The events after the leading {@code stream.gap} a tenant's key gets for a plain journal id (it sees opaque ids
     * only, so a plain id is "not an id of this stream"); the gap names no position of the shared sequence.
     */
    private static List<Message> withoutGap(List<Message> events) {
        assertThat(events.get(0).event()).isEqualTo("stream.gap");
        assertThat(events.get(0).data()).doesNotContainIgnoringCase(MARK).contains("cannot resume exactly after this id")
                .doesNotContainPattern("\"reason\":\"[^\"]*\\d");
        return events.subList(1, events.size());
    }

    private static String last(List<StreamEvent> events) {
        return events.get(events.size() - 1).data();
    }

    /** The events' data, which identify them whatever ids the caller's key is shown. */
    private static List<String> ids(List<?> events) {
        return events.stream().map(e -> e instanceof StreamEvent s ? s.data() : ((Message) e).data()).toList();
    }

    private static List<Message> concat(List<Message> first, List<Message> second) {
        List<Message> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiCalls.json(response);
    }

    private static Map<String, Long> fields(JsonNode node) {
        Map<String, Long> values = new TreeMap<>();
        node.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asLong()));
        return values;
    }

    private static List<String> anomalyIds(JsonNode body) {
        return StreamSupport.stream(body.get("anomalies").spliterator(), false).map(a -> a.get("id").asText()).toList();
    }
}
