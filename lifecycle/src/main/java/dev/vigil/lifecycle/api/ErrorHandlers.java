package dev.vigil.lifecycle.api;

import dev.vigil.ingest.IngestException;
import dev.vigil.lifecycle.command.AlertNotFoundException;
import dev.vigil.lifecycle.command.ConflictException;
import dev.vigil.lifecycle.command.IllegalTransitionException;
import dev.vigil.lifecycle.command.NotFoundException;
import dev.vigil.lifecycle.command.RuleExistsException;
import dev.vigil.lifecycle.command.RuleNotFoundException;
import dev.vigil.lifecycle.command.WriteFailedException;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import dev.vigil.notifier.channel.ChannelSettingsException;
import dev.vigil.topology.rules.BuiltInRules;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure answered in one shape, {@code {"error": "..."}} plus details where they help (the {@code field}
 * and {@code reason} of a rule, channel or silence that does not validate, the {@code status} or {@code version}
 * behind a 409), and
 * never with a stack trace: client errors say what to fix, transient ones (view not ready, Kafka not confirming) are 503 to retry, and only a true bug is a
 * 500, with a generic message to the client and the stack trace in the log.
 */
final class ErrorHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    private ErrorHandlers() {
    }

    static void register(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> Responses.error(ctx, e.status(), e.getMessage(), e.details()));
        app.exception(AlertNotFoundException.class, (e, ctx) ->
                Responses.error(ctx, 404, "no alert with id " + Shown.shorten(e.alertId()), Map.of()));
        app.exception(IllegalTransitionException.class, (e, ctx) ->
                Responses.error(ctx, 409, e.getMessage(), Map.of("status", e.current().wireName())));
        app.exception(IngestException.class, (e, ctx) -> Responses.error(ctx, 400, e.getMessage(), fieldOf(e)));
        app.exception(RuleNotFoundException.class, (e, ctx) -> Responses.error(ctx, 404, ruleNotFound(e.ruleId()), Map.of()));
        app.exception(RuleExistsException.class, (e, ctx) -> Responses.error(ctx, 409,
                "a rule with id " + e.existing().ruleId() + " exists (version " + e.existing().version()
                        + "); change it with PUT or PATCH /v1/rules/" + e.existing().ruleId(),
                Map.of("version", Integer.toString(e.existing().version()))));
        app.exception(ChannelSettingsException.class, (e, ctx) -> Responses.error(ctx, 400, e.getMessage(),
                Map.of("field", e.field(), "reason", e.reason())));
        app.exception(NotFoundException.class, (e, ctx) -> Responses.error(ctx, 404, e.getMessage(), Map.of()));
        app.exception(ConflictException.class, (e, ctx) -> Responses.error(ctx, 409, e.getMessage(), e.details()));
        app.exception(ViewUnavailableException.class, (e, ctx) -> {
            LOG.warn("Answered 503 to {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", "1");
            Responses.error(ctx, 503, "the " + e.view() + " is not ready; retry shortly", Map.of());
        });
        app.exception(WriteFailedException.class, (e, ctx) -> {
            LOG.warn("Answered 503 to {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            Responses.error(ctx, 503, e.clientMessage(), Map.of());
        });
        app.exception(HttpResponseException.class, (e, ctx) ->
                Responses.error(ctx, e.getStatus(), e.getMessage(), Map.of()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            Responses.error(ctx, 500, "internal error; the server log has the details", Map.of());
        });
    }

    /** The field and reason of a rule that does not validate; only the reason when the whole document is wrong. */
    private static Map<String, String> fieldOf(IngestException e) {
        return e.field() == null ? Map.of("reason", e.reason()) : Map.of("field", e.field(), "reason", e.reason());
    }

    private static String ruleNotFound(String ruleId) {
        String shown = Shown.shorten(ruleId);
        return BuiltInRules.CATALOGUE.find(ruleId).isPresent()
                ? "the built-in rule " + shown + " has no override record; POST /v1/rules creates one, "
                        + "PATCH /v1/rules/" + shown + " with {\"enabled\": false} turns it off"
                : "no rule with id " + shown;
    }
}
