package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.lifecycle.command.NotFoundException;
import dev.vigil.lifecycle.command.SilenceCommands;
import dev.vigil.notifier.silence.SilenceJson;
import dev.vigil.notifier.silence.SilenceSpec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The silence routes: list (active and yet to begin; {@code ?all=true} adds the ended ones), get, create, and end
 * ({@code DELETE}, which writes the silence again ended now: the record stays). Bodies are the silence JSON of
 * {@link SilenceJson}; answers add {@code state} ({@code active}, {@code pending} or {@code ended}) as of the request.
 * {@code createdBy} defaults to the actor. Each change is logged with its actor and counted as
 * {@code vigil_lifecycle_silence_changes_total{action, outcome}}.
 */
final class SilenceRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SilenceRoutes.class);
    private static final String PATH = "/v1/silences";

    private final SilenceCommands silences;
    private final ChangeCounter changes;

    SilenceRoutes(SilenceCommands silences, MeterRegistry meters) {
        this.silences = silences;
        this.changes = new ChangeCounter("vigil.lifecycle.silence.changes", "Silence changes through the API by outcome",
                meters);
    }

    void register(Javalin app) {
        app.get(PATH, this::list);
        app.get(PATH + "/{id}", this::get);
        app.post(PATH, ctx -> changes.counted("create", () -> create(ctx)));
        app.delete(PATH + "/{id}", ctx -> changes.counted("end", () -> end(ctx)));
    }

    private void list(Context ctx) {
        boolean all = all(ctx);
        Instant now = silences.now();
        List<SilenceSpec> listed = silences.list(all, now);
        ObjectNode body = Responses.object();
        ArrayNode array = body.putArray("silences");
        listed.forEach(spec -> array.add(json(spec, now)));
        body.put("count", listed.size());
        Responses.json(ctx, 200, body);
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        SilenceSpec spec = silences.get(id).orElseThrow(() -> new NotFoundException("no silence with id "
                + Shown.shorten(id)));
        Responses.json(ctx, 200, json(spec, silences.now()));
    }

    private void create(Context ctx) {
        String actor = Actor.of(ctx);
        ObjectNode body = JsonBody.object(RequestBody.read(ctx), "a silence");
        SilenceSpec spec = silences.create(SilenceJson.fromJson(body, silences.now(), actor));
        LOG.info("Silence {} of {} from {} to {} created by {}", spec.silenceId(), spec.matchers(),
                SilenceJson.format(spec.startsAt()), SilenceJson.format(spec.endsAt()), actor);
        ctx.header("Location", PATH + "/" + spec.silenceId());
        Responses.json(ctx, 201, json(spec, silences.now()));
    }

    private void end(Context ctx) {
        String actor = Actor.of(ctx);
        SilenceSpec ended = silences.end(ctx.pathParam("id"), actor);
        LOG.info("Silence {} ended by {}", ended.silenceId(), actor);
        ctx.status(204);
    }

    private static ObjectNode json(SilenceSpec spec, Instant now) {
        String state = spec.activeAt(now) ? "active" : spec.endedBy(now) ? "ended" : "pending";
        return SilenceJson.toJson(spec).put("state", state);
    }

    /** {@code ?all=true|false}, given at most once; false without it. */
    private static boolean all(Context ctx) {
        List<String> values = ctx.queryParams("all");
        if (values.isEmpty()) {
            return false;
        }
        if (values.size() > 1 || !values.get(0).equals("true") && !values.get(0).equals("false")) {
            throw ApiException.badRequest("query parameter 'all' must be true or false, given once");
        }
        return Boolean.parseBoolean(values.get(0));
    }
}
