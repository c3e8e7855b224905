package dev.vigil.lifecycle.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.lifecycle.command.ChannelCommands;
import dev.vigil.lifecycle.command.ChannelTestResult;
import dev.vigil.lifecycle.command.NotFoundException;
import dev.vigil.notifier.channel.ChannelJson;
import dev.vigil.notifier.channel.ChannelSpec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel routes: list and get (secrets redacted), create, replace, delete a record of {@code vigil.channels.v1},
 * and test a channel with one synthetic alert. Bodies are the channel JSON of {@link ChannelJson}. Handlers parse,
 * delegate to {@link ChannelCommands} and shape the answer; failures are thrown and answered by
 * {@link ErrorHandlers}. Each change is logged with its actor (never a setting's value) and counted as
 * {@code vigil_lifecycle_channel_changes_total{action, outcome}}; tests as
 * {@code vigil_lifecycle_channel_tests_total{outcome}}.
 */
final class ChannelRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelRoutes.class);
    private static final String PATH = "/v1/channels";
    private static final String EXPECTED = "a channel";

    private final ChannelCommands channels;
    private final MeterRegistry meters;
    private final ChangeCounter changes;

    ChannelRoutes(ChannelCommands channels, MeterRegistry meters) {
        this.channels = channels;
        this.meters = meters;
        this.changes = new ChangeCounter("vigil.lifecycle.channel.changes", "Channel changes through the API by outcome",
                meters);
    }

    void register(Javalin app) {
        app.get(PATH, this::list);
        app.get(PATH + "/{name}", this::get);
        app.post(PATH, ctx -> changes.counted("create", () -> create(ctx)));
        app.put(PATH + "/{name}", ctx -> changes.counted("replace", () -> replace(ctx)));
        app.delete(PATH + "/{name}", ctx -> changes.counted("delete", () -> delete(ctx)));
        app.post(PATH + "/{name}/test", this::test);
    }

    private void list(Context ctx) {
        List<ChannelSpec> all = channels.all();
        ObjectNode body = Responses.object();
        ArrayNode listed = body.putArray("channels");
        all.forEach(spec -> listed.add(json(spec)));
        body.put("count", all.size());
        Responses.json(ctx, 200, body);
    }

    private void get(Context ctx) {
        String name = ctx.pathParam("name");
        ChannelSpec spec = channels.get(name).orElseThrow(() -> new NotFoundException("no channel named "
                + Shown.shorten(name)));
        Responses.json(ctx, 200, json(spec));
    }

    private void create(Context ctx) {
        String actor = Actor.of(ctx);
        ChannelSpec spec = channels.create(ChannelJson.fromJson(JsonBody.object(RequestBody.read(ctx), EXPECTED)));
        LOG.info("Channel {} ({}) created by {}", spec.name(), spec.type(), actor);
        ctx.header("Location", PATH + "/" + spec.name());
        Responses.json(ctx, 201, json(spec));
    }

    private void replace(Context ctx) {
        String actor = Actor.of(ctx);
        String name = ctx.pathParam("name");
        ObjectNode body = JsonBody.object(RequestBody.read(ctx), EXPECTED);
        JsonNode bodyName = body.get("name");
        if (bodyName == null || bodyName.isNull()) {
            body.put("name", name);
        } else if (bodyName.isTextual() && !bodyName.textValue().equals(name)) {
            throw ApiException.badField("name", "must be the name in the path, \"" + Shown.shorten(name) + "\", not \""
                    + Shown.shorten(bodyName.textValue()) + "\"; a channel is renamed by creating the new name and "
                    + "deleting the old one");
        }
        ChannelConfig submitted = ChannelJson.fromJson(body);
        ChannelSpec spec = channels.replace(submitted);
        LOG.info("Channel {} ({}) replaced by {}", spec.name(), spec.type(), actor);
        Responses.json(ctx, 200, json(spec));
    }

    private void delete(Context ctx) {
        String actor = Actor.of(ctx);
        String name = ctx.pathParam("name");
        channels.delete(name);
        LOG.info("Channel {} deleted by {}", name, actor);
        ctx.status(204);
    }

    private void test(Context ctx) {
        String actor = Actor.of(ctx);
        String name = ctx.pathParam("name");
        ChannelTestResult result = channels.test(name, actor);
        LOG.info("Channel {} tested by {}: {}{}", name, actor, result.outcome(),
                result.reason() == null ? "" : " (" + result.reason() + ")");
        Counter.builder("vigil.lifecycle.channel.tests").description("Test deliveries through the API by outcome")
                .tag("outcome", result.outcome()).register(meters).increment();
        ObjectNode body = Responses.object().put("outcome", result.outcome());
        if (result.statusCode() == null) {
            body.putNull("statusCode");
        } else {
            body.put("statusCode", result.statusCode());
        }
        body.put("reason", result.reason());
        Responses.json(ctx, 200, body);
    }

    private JsonNode json(ChannelSpec spec) {
        return ChannelJson.toJson(channels.shown(spec));
    }
}
