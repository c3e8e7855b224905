package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.ingest.ProfileJson;
import dev.vigil.lifecycle.auth.Principal;
import dev.vigil.lifecycle.command.AgentControl;
import dev.vigil.lifecycle.command.AgentRegistry;
import dev.vigil.lifecycle.view.AgentOpenAlerts;
import dev.vigil.lifecycle.view.AlertViewJson;
import dev.vigil.lifecycle.view.AlertViewReader;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent routes: the registry ({@code GET /v1/agents}, {@code GET|PUT|DELETE /v1/agents/{id}}), the breaker's
 * state ({@code GET /v1/agents/{id}/status}) and the commands ({@code POST /v1/agents/{id}/halt|resume|kill|calibrated}).
 * Bodies of {@code PUT} are the agent profile JSON of DESIGN.md, validated by {@link ProfileJson} (the field at fault
 * named in the 400) and strict about unknown top-level fields. Reads need a viewer, commands a responder, registry
 * changes and kill an admin ({@link #needsAdmin}, applied by {@link AccessControl}). Another tenant's agent answers 404
 * exactly as a missing one. Each change and command is counted as
 * {@code vigil_lifecycle_agent_changes_total{action, outcome}} and logged with its actor.
 */
final class AgentRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRoutes.class);
    static final String PATH = "/v1/agents";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PROFILE_FIELDS = AgentProfile.getClassSchema().getFields().stream()
            .map(Schema.Field::name).collect(Collectors.toUnmodifiableSet());
    private static final Map<String, LifecycleAction> COMMANDS = Map.of("halt", LifecycleAction.HALT,
            "resume", LifecycleAction.RESUME, "kill", LifecycleAction.KILL, "calibrated", LifecycleAction.MARK_CALIBRATED);

    private final AgentRegistry registry;
    private final AgentControl control;
    private final AlertViewReader alerts;
    private final ChangeCounter changes;

    AgentRoutes(AgentRegistry registry, AgentControl control, AlertViewReader alerts, MeterRegistry meters) {
        this.registry = registry;
        this.control = control;
        this.alerts = alerts;
        this.changes = new ChangeCounter("vigil.lifecycle.agent.changes",
                "Agent registry changes and agent commands through the API by outcome", meters);
    }

    void register(Javalin app) {
        app.get(PATH, this::list);
        app.get(PATH + "/{id}", this::get);
        app.put(PATH + "/{id}", ctx -> changes.counted("put", () -> put(ctx)));
        app.delete(PATH + "/{id}", ctx -> changes.counted("delete", () -> delete(ctx)));
        app.get(PATH + "/{id}/status", this::status);
        COMMANDS.forEach((name, action) ->
                app.post(PATH + "/{id}/" + name, ctx -> changes.counted(name, () -> command(ctx, action))));
    }

    /** Whether {@code method path} changes the registry or kills an agent, which takes an admin key. */
    static boolean needsAdmin(HandlerType method, String path) {
        if (!path.startsWith(PATH + "/")) {
            return false;
        }
        String rest = path.substring(PATH.length() + 1);
        boolean agentItself = !rest.isEmpty() && rest.indexOf('/') < 0;
        return agentItself && (method == HandlerType.PUT || method == HandlerType.DELETE)
                || method == HandlerType.POST && rest.endsWith("/kill");
    }

    private void list(Context ctx) {
        Optional<String> tenant = tenantOf(ctx);
        int limit = QueryParams.single(ctx, "limit").map(value -> QueryParams.limit(value, MAX_LIMIT)).orElse(DEFAULT_LIMIT);
        Optional<String> after = QueryParams.single(ctx, "cursor").map(AgentRoutes::afterAgent);
        // a tenant key asking for another tenant gets an empty page, as on the alert and incident lists
        boolean otherTenant = tenant.isPresent() && !AccessControl.principal(ctx).mayAccess(tenant.get());
        AgentRegistry.Page page = otherTenant ? new AgentRegistry.Page(List.of(), null)
                : registry.list(p -> tenant.map(t -> t.equals(p.getTenantId())).orElse(true), after, limit);
        ObjectNode body = Responses.object();
        ArrayNode agents = body.putArray("agents");
        page.agents().forEach(p -> agents.add(json(p)));
        body.put("count", page.agents().size());
        body.put("limit", limit);
        body.put("nextCursor", page.next() == null ? null : cursor(page.next()));
        Responses.json(ctx, 200, body);
    }

    /** The cursor of the page after the agent {@code agentId}: opaque to clients, base64url of {@code 1|agentId}. */
    static String cursor(String agentId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("1|" + agentId).getBytes(StandardCharsets.UTF_8));
    }

    private static String afterAgent(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor),
                    StandardCharsets.UTF_8);
            if (decoded.startsWith("1|") && decoded.length() > 2) {
                return decoded.substring(2);
            }
        } catch (IllegalArgumentException notBase64) {
            // answered below
        }
        throw new ApiException(400, "query parameter 'cursor' is not a cursor of this API; pass the nextCursor of the "
                + "previous page", Map.of("parameter", "cursor"));
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        AgentProfile profile = registry.get(id).filter(p -> AccessControl.principal(ctx).mayAccess(p.getTenantId()))
                .orElseThrow(() -> AgentRegistry.notFound(id));
        Responses.json(ctx, 200, json(profile));
    }

    private void put(Context ctx) {
        String actor = Actor.of(ctx);
        String id = ctx.pathParam("id");
        AgentProfile profile = profile(RequestBody.read(ctx));
        if (!profile.getAgentId().equals(id)) {
            throw ApiException.badField("agentId", "must be the agent of the path, " + Shown.shorten(id) + " (got "
                    + Shown.shorten(profile.getAgentId()) + ")");
        }
        Principal caller = AccessControl.principal(ctx);
        if (!caller.mayAccess(profile.getTenantId())) {
            throw ApiException.badField("tenantId", "must be this API key's tenant, " + caller.tenant());
        }
        boolean created = registry.put(profile, caller::mayAccess);
        LOG.info("Agent {} of tenant {} {} by {}", id, profile.getTenantId(), created ? "registered" : "replaced", actor);
        if (created) {
            ctx.header("Location", PATH + "/" + id);
        }
        Responses.json(ctx, created ? 201 : 200, json(profile));
    }

    private void delete(Context ctx) {
        String actor = Actor.of(ctx);
        String id = ctx.pathParam("id");
        registry.delete(id, AccessControl.principal(ctx)::mayAccess);
        LOG.info("Agent {} deleted from the registry by {}", id, actor);
        ctx.status(204);
    }

    private void status(Context ctx) {
        AgentControl.Agent agent = accessibleAgent(ctx);
        AgentOpenAlerts open = AgentOpenAlerts.of(alerts, agent.tenantId(), agent.agentId());
        Responses.json(ctx, 200, AgentStatusJson.of(agent, open, control.now()));
    }

    private void command(Context ctx, LifecycleAction action) {
        String actor = Actor.of(ctx);
        AgentControl.Agent agent = accessibleAgent(ctx);
        String justification = JustificationBody.parse(RequestBody.read(ctx));
        String eventId;
        try {
            eventId = control.execute(agent, action, actor, justification);
        } catch (AgentControl.NotAPersonException e) {
            throw new ApiException(403, e.getMessage(), Map.of());
        }
        LOG.info("{} of agent {} (tenant {}) by {}: event {}", action, agent.agentId(), agent.tenantId(), actor, eventId);
        Responses.json(ctx, 202, Responses.object()
                .put("eventId", eventId)
                .put("message", "the " + action.name() + " command is on the topic; the topology applies it shortly: "
                        + "GET " + PATH + "/" + agent.agentId() + "/status shows the result"));
    }

    /** The agent of the path, known to the registry or the status view, of a tenant the caller may see; else 404. */
    private AgentControl.Agent accessibleAgent(Context ctx) {
        String id = ctx.pathParam("id");
        return control.find(id).filter(a -> AccessControl.principal(ctx).mayAccess(a.tenantId()))
                .orElseThrow(() -> AgentRegistry.notFound(id));
    }

    /** The profile of a PUT body: a JSON object with only the profile's fields, valid by {@link ProfileJson}. */
    private static AgentProfile profile(byte[] body) {
        ObjectNode node = JsonBody.object(body, "an agent profile");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PROFILE_FIELDS.contains(name)) {
                throw ApiException.badField(Shown.shorten(name), "unknown field; a profile has "
                        + String.join(", ", PROFILE_FIELDS.stream().sorted().toList()));
            }
        }
        return ProfileJson.parse(new String(body, StandardCharsets.UTF_8));
    }

    /** The tenant a list is limited to: the key's own for a tenant key (another one is a 404), any for an operator. */
    private static Optional<String> tenantOf(Context ctx) {
        Optional<String> asked = QueryParams.single(ctx, "tenant");
        Principal caller = AccessControl.principal(ctx);
        if (caller.operator()) {
            return asked;
        }
        return Optional.of(asked.orElse(caller.tenant()));
    }

    private static JsonNode json(AgentProfile profile) {
        try {
            return AlertViewJson.MAPPER.readTree(ProfileJson.write(profile));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read back a written profile", e);
        }
    }
}
