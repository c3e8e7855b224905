package dev.vigil.lifecycle.api;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.BreakerState;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.avro.Resolution;
import dev.vigil.avro.Severity;
import dev.vigil.avro.Silence;
import dev.vigil.core.ops.OpsServer;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.lifecycle.AgentFixtures;
import dev.vigil.lifecycle.ApiServices;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryIncidents;
import dev.vigil.lifecycle.InMemoryRecords;
import dev.vigil.lifecycle.InMemoryRules;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.RecordingIncidentWriter;
import dev.vigil.lifecycle.RecordingRuleWriter;
import dev.vigil.lifecycle.RecordingTopicWriter;
import dev.vigil.lifecycle.RecordingWriter;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import dev.vigil.lifecycle.command.AgentControl;
import dev.vigil.lifecycle.command.AgentRegistry;
import dev.vigil.lifecycle.command.AlertCommands;
import dev.vigil.lifecycle.command.ChannelCommands;
import dev.vigil.lifecycle.command.IncidentCommands;
import dev.vigil.lifecycle.command.RuleCommands;
import dev.vigil.lifecycle.command.SilenceCommands;
import dev.vigil.lifecycle.stream.EventJournal;
import dev.vigil.lifecycle.stream.EventStream;
import dev.vigil.lifecycle.stream.StreamEvent;
import dev.vigil.lifecycle.stream.StreamEvents;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentFilter;
import dev.vigil.lifecycle.view.IncidentStatus;
import dev.vigil.lifecycle.view.NotificationEntry;
import dev.vigil.notifier.channel.ChannelSpec;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.notifier.channel.HostPolicy;
import dev.vigil.notifier.silence.SilenceSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A lifecycle server over in-memory services holding two tenants: tenant A, every one of whose strings carries the
 * marker {@value #MARK} (ids, agent ids, notes, descriptions, rule, principal, actor, tenant name) except its
 * incident's hashed id, and tenant B, whose strings never do. Every writer records what it is handed, so that a test
 * can show that nothing was written, and {@link #snapshot()} captures every view for before/after comparison.
 *
 * <p>Alerts are detected an hour ago, so that the metrics window of today holds them. The live stream's journal holds
 * tenant A's and tenant B's events, tenant B's {@link #B_SENTINEL} last.
 */
final class IsolationWorld implements AutoCloseable {

    static final String MARK = "a-secret";
    static final String TENANT_A = "tenant-a-secret-7q2x";
    static final String TENANT_B = "tenant-b";
    static final String A_AGENT = "did:web:a-secret-agent-01";
    static final String B_AGENT = "did:web:b-own-agent";
    /**
     * An agent id tenant A used, deleted, and tenant B registered again: its breaker record on the compacted status
     * topic is still tenant A's (the topology owns that topic; deleting a profile leaves it).
     */
    static final String B_REUSED_AGENT = "did:web:b-own-reused-agent";
    static final String A_OPEN = "a-secret-alert-open";
    static final String A_ACKED = "a-secret-alert-acked";
    static final String A_RESOLVED = "a-secret-alert-resolved";
    /** Tenant A's alert naming tenant B's agent: tenant B's agent status must not count it. */
    static final String A_ON_B_AGENT = "a-secret-alert-on-b-agent";
    static final String A_RULE = "velocity_spike:a-secret-override";
    static final String A_CHANNEL = "a-secret-channel";
    static final String A_SILENCE = "a-secret-silence";
    static final String B_OPEN = "b-own-alert-open";
    static final String B_ACKED = "b-own-alert-acked";
    static final String B_SENTINEL = "b-own-alert-sentinel";

    final Instant detectedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
    final Alert aOpen = alertOfA(A_OPEN, A_AGENT, Severity.critical);
    final Alert aAcked = alertOfA(A_ACKED, A_AGENT, Severity.high);
    final Alert aResolved = alertOfA(A_RESOLVED, A_AGENT, Severity.medium);
    final Alert aOnBAgent = alertOfA(A_ON_B_AGENT, B_AGENT, Severity.critical);
    final Alert bOpen = alertOfB(B_OPEN, Severity.low);
    final Alert bAcked = alertOfB(B_ACKED, Severity.high);
    final Incident aIncident = Incident.open(aOpen, detectedAt).withNewAlert(aAcked, detectedAt);
    final Incident bIncident = Incident.open(bOpen, detectedAt);

    final InMemoryViews alerts = new InMemoryViews();
    final RecordingWriter alertWriter = new RecordingWriter(alerts);
    final InMemoryIncidents incidents = new InMemoryIncidents();
    final RecordingIncidentWriter incidentWriter = new RecordingIncidentWriter(incidents);
    final InMemoryRecords<AgentProfile, AgentProfile> profiles = InMemoryRecords.agents();
    final RecordingTopicWriter<AgentProfile> profileWriter = new RecordingTopicWriter<>(profiles);
    final InMemoryRecords<AgentStatus, AgentStatus> statuses = InMemoryRecords.statuses();
    final RecordingWriter commandWriter = new RecordingWriter(alerts);
    final InMemoryRules rules = new InMemoryRules();
    final RecordingRuleWriter ruleWriter = new RecordingRuleWriter(rules);
    final InMemoryRecords<ChannelConfig, ChannelSpec> channels = InMemoryRecords.channels(ChannelSpecs.STANDARD);
    final RecordingTopicWriter<ChannelConfig> channelWriter = new RecordingTopicWriter<>(channels);
    final InMemoryRecords<Silence, SilenceSpec> silences = InMemoryRecords.silences();
    final RecordingTopicWriter<Silence> silenceWriter = new RecordingTopicWriter<>(silences);
    final EventJournal journal = new EventJournal(1000, Clock.systemUTC());
    final EventStream stream = new EventStream(journal, Duration.ofMillis(200), 50);
    final List<StreamEvent> journalOfA = new ArrayList<>();
    final List<StreamEvent> journalOfB = new ArrayList<>();

    final ApiKeys.Created viewerB = ApiKeys.create(TENANT_B, Role.VIEWER, "viewer-b");
    final ApiKeys.Created responderB = ApiKeys.create(TENANT_B, Role.RESPONDER, "responder-b");
    final ApiKeys.Created adminB = ApiKeys.create(TENANT_B, Role.ADMIN, "admin-b");
    final ApiKeys.Created operator = ApiKeys.create("*", Role.ADMIN, "ops");
    final ApiKeys.Created adminA = ApiKeys.create(TENANT_A, Role.ADMIN, "a-secret-admin");

    private final HttpClient http = HttpClient.newHttpClient();
    final LifecycleHttpServer server;
    private final Map<String, Integer> written;

    IsolationWorld() throws Exception {
        seedAlerts();
        seedIncidents();
        seedAgents();
        seedJournal();
        ApiKeys keys = ApiKeys.of(List.of(viewerB.entry(), responderB.entry(), adminB.entry(), operator.entry(),
                adminA.entry()));
        server = LifecycleHttpServer.start("127.0.0.1", 0, services(), OpsServer.newRegistry(), () -> null, keys);
        seedSharedThroughTheApi();
        written = writes();
    }

    private LifecycleHttpServer.Services services() {
        Clock clock = Clock.systemUTC();
        Duration viewWait = Duration.ofMillis(200);
        AgentRegistry registry = new AgentRegistry(profiles, profileWriter);
        Map<String, List<NotificationEntry>> ledger = Map.of(A_OPEN, List.of(new NotificationEntry(
                "a-secret-delivery-1", A_CHANNEL, "delivered", 1, "alert", "a-secret-delivery-detail", detectedAt)));
        return new ApiServices()
                .alerts(alerts, new AlertCommands(alerts, alertWriter, clock, viewWait))
                .incidents(incidents, new IncidentCommands(incidents, incidentWriter, clock, viewWait))
                .agents(registry, new AgentControl(registry, statuses, commandWriter, clock))
                .rules(new RuleCommands(rules, ruleWriter))
                .channels(new ChannelCommands(channels, channelWriter, ChannelSpecs.STANDARD, HostPolicy.PUBLIC_ONLY,
                        clock))
                .silences(new SilenceCommands(silences, silenceWriter, Duration.ofDays(7), clock))
                .stream(stream)
                .notifications(alertId -> ledger.getOrDefault(alertId, List.of()))
                .build();
    }

    private void seedAlerts() {
        List.of(aOpen, aAcked, aResolved, aOnBAgent, bOpen, bAcked).forEach(alerts::add);
        alerts.apply(event(LifecycleAction.ACKNOWLEDGE, aAcked, "a-secret-note-acknowledged"));
        alerts.apply(event(LifecycleAction.ACKNOWLEDGE, aResolved, "a-secret-note-looking"));
        alerts.apply(AlertLifecycleEvent.newBuilder(event(LifecycleAction.RESOLVE, aResolved, "a-secret-note-resolved"))
                .setResolution(Resolution.false_positive).build());
        alerts.apply(event(LifecycleAction.COMMENT, aOpen, "a-secret-note-comment"));
        alerts.apply(AlertLifecycleEvent.newBuilder(event(LifecycleAction.ASSIGN, aOpen, null))
                .setAssignee("a-secret-assignee").build());
        alerts.apply(Fixtures.acknowledge(bAcked, "responder-b", detectedAt));
    }

    private void seedIncidents() {
        incidents.add(aIncident).add(bIncident);
        incidents.apply(AlertLifecycleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAction(LifecycleAction.INCIDENT_UPDATE)
                .setTenantId(TENANT_A)
                .setAgentId(A_AGENT)
                .setActor("a-secret-responder")
                .setNote("a-secret-incident-note")
                .setIncidentId(aIncident.incidentId())
                .setIncidentStatus(IncidentStatus.INVESTIGATING.wireName())
                .setOccurredAt(detectedAt)
                .build());
    }

    private void seedAgents() {
        profileWriter.external(A_AGENT, ProfileJson.parse(profileJsonOfA()));
        profileWriter.external(B_AGENT, AgentFixtures.profile(B_AGENT, TENANT_B));
        statuses.apply(A_AGENT, 0, AgentStatus.newBuilder(AgentFixtures.status(A_AGENT, TENANT_A, BreakerState.HALTED,
                detectedAt)).setReason("a-secret-halt-reason").setActor("a-secret-responder").build());
        statuses.apply(B_AGENT, 1, AgentFixtures.status(B_AGENT, TENANT_B, BreakerState.WARN, detectedAt));
        profileWriter.external(B_REUSED_AGENT, AgentFixtures.profile(B_REUSED_AGENT, TENANT_B));
        statuses.apply(B_REUSED_AGENT, 2, AgentStatus.newBuilder(AgentFixtures.status(B_REUSED_AGENT, TENANT_A,
                BreakerState.KILLED, detectedAt)).setReason("killed by a-secret-responder: a-secret-justification")
                .setActor("a-secret-responder").setAlertId(A_OPEN).build());
    }

    /** Tenant A's events, then tenant B's, then one more of A's, and tenant B's sentinel last. */
    private void seedJournal() {
        appendOfA(StreamEvents.of(aOpen));
        appendOfA(StreamEvents.of(aAcked));
        appendOfB(StreamEvents.of(bOpen));
        appendOfA(StreamEvents.of(event(LifecycleAction.ACKNOWLEDGE, aAcked, "a-secret-note-acknowledged"))
                .orElseThrow());
        appendOfB(StreamEvents.of(Fixtures.acknowledge(bAcked, "responder-b", detectedAt)).orElseThrow());
        appendOfA(StreamEvents.of(AlertLifecycleEvent.newBuilder(event(LifecycleAction.HALT, aOpen, "a-secret-halt"))
                .setAlertId(null).setRuleId(null).build()).orElseThrow());
        appendOfB(StreamEvents.of(alertOfB(B_SENTINEL, Severity.low)));
    }

    /** The id of tenant B's newest event in the journal: a stream that shows it has sent everything before it. */
    StreamEvent lastOfB() {
        return journalOfB.get(journalOfB.size() - 1);
    }

    void appendOfA(StreamEvent.Draft draft) {
        journalOfA.add(journal.append(draft).orElseThrow());
    }

    void appendOfB(StreamEvent.Draft draft) {
        journalOfB.add(journal.append(draft).orElseThrow());
    }

    /** A rule override, a channel and a silence scoped to tenant A, created by the operator as a client would. */
    private void seedSharedThroughTheApi() throws Exception {
        for (String[] create : new String[][] {{"/v1/rules", ruleJson(A_RULE, "5")},
                {"/v1/channels", channelJson(A_CHANNEL)}, {"/v1/silences", silenceJson(A_SILENCE)}}) {
            HttpResponse<String> r = send("POST", create[0], operator.key(), create[1], Map.of());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("seeding " + create[0] + " answered " + r.statusCode() + ": "
                        + r.body());
            }
        }
    }

    static String profileJsonOfA() {
        return AgentFixtures.profileJson(A_AGENT, TENANT_A).replace("Billing bot", "a-secret-agent-name");
    }

    static String ruleJson(String ruleId, String ratio) {
        return "{\"ruleId\": \"" + ruleId + "\", \"parameters\": {\"ratio\": \"" + ratio + "\"},"
                + " \"condition\": {\"tenantIds\": [\"" + TENANT_A + "\"]}}";
    }

    static String channelJson(String name) {
        return "{\"name\": \"" + name + "\", \"type\": \"console\","
                + " \"matchers\": {\"tenantId\": \"" + TENANT_A + "\"}}";
    }

    static String silenceJson(String silenceId) {
        return "{\"silenceId\": \"" + silenceId + "\", \"matchers\": {\"tenantId\": \"" + TENANT_A + "\"},"
                + " \"endsAt\": \"" + Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS) + "\","
                + " \"comment\": \"a-secret-silence-comment\"}";
    }

    HttpResponse<String> send(String method, String path, String key, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** How many records or events each writer holds. */
    Map<String, Integer> writes() {
        Map<String, Integer> counts = new TreeMap<>();
        counts.put("alert events", alertWriter.written().size());
        counts.put("incident events", incidentWriter.written().size());
        counts.put("agent commands", commandWriter.written().size());
        counts.put("agent profiles", profileWriter.written().size());
        counts.put("rules", ruleWriter.written().size());
        counts.put("channels", channelWriter.written().size());
        counts.put("silences", silenceWriter.written().size());
        return counts;
    }

    /** The writes counted once the world was seeded. */
    Map<String, Integer> seededWrites() {
        return written;
    }

    /** Everything written since the world was seeded, as text (so that a test can say what names tenant A). */
    List<String> writtenSinceSeeded() {
        List<String> since = new ArrayList<>();
        since.addAll(tail(alertWriter.written(), "alert events"));
        since.addAll(tail(incidentWriter.written(), "incident events"));
        since.addAll(tail(commandWriter.written(), "agent commands"));
        since.addAll(tail(profileWriter.written(), "agent profiles"));
        since.addAll(tail(ruleWriter.written(), "rules"));
        since.addAll(tail(channelWriter.written(), "channels"));
        since.addAll(tail(silenceWriter.written(), "silences"));
        return since;
    }

    private List<String> tail(List<?> all, String writer) {
        return all.subList(written.get(writer), all.size()).stream().map(w -> writer + ": " + w).toList();
    }

    /** Every view as text: equal before and after means nothing changed. */
    Map<String, String> snapshot() {
        Map<String, String> views = new TreeMap<>();
        Map<String, String> alertViews = new TreeMap<>();
        alerts.forEach(view -> alertViews.put(view.alertId(), view.toString()));
        views.put("alerts", alertViews.toString());
        views.put("incidents", incidents.list(IncidentFilter.all()).toString());
        views.put("profiles", profiles.all().toString());
        views.put("statuses", statuses.all().toString());
        views.put("rules", rules.all().toString());
        views.put("channels", channels.all().toString());
        views.put("silences", silences.all().toString());
        return views;
    }

    Alert alertOfA(String alertId, String agentId, Severity severity) {
        return Alert.newBuilder(Fixtures.alert(alertId, agentId, severity, detectedAt))
                .setTenantId(TENANT_A)
                .setRuleId("a-secret-rule")
                .setRuleName("a-secret-rule-name")
                .setCategory("a-secret-category")
                .setPrincipalId("a-secret-principal")
                .setDescription("a-secret-description: 42 requests in 5 minutes")
                .setSuggestedAction("a-secret-suggestion")
                .build();
    }

    Alert alertOfB(String alertId, Severity severity) {
        return Alert.newBuilder(Fixtures.alert(alertId, B_AGENT, severity, detectedAt))
                .setTenantId(TENANT_B).setRuleId("b-own-rule").build();
    }

    private AlertLifecycleEvent event(LifecycleAction action, Alert alert, String note) {
        return Fixtures.event(action, alert, "a-secret-responder", note, null, detectedAt);
    }

    @Override
    public void close() {
        server.close();
    }
}
