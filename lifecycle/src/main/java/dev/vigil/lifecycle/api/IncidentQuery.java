package dev.vigil.lifecycle.api;

import dev.vigil.lifecycle.auth.Principal;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentFilter;
import dev.vigil.lifecycle.view.IncidentStatus;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The query of {@code GET /v1/incidents}: {@code status}, {@code agent}, {@code tenant}, {@code limit} and
 * {@code cursor}, each optional (an empty value counts as absent). A bad value is a 400 naming the parameter. A tenant
 * key's list is always limited to its tenant: asking for another tenant gives an empty list, as if it had none.
 *
 * <p>A cursor is the {@code nextCursor} of the previous page: opaque to clients, base64url of the last incident's
 * position ({@code firstAlertAt} in epoch millis and incidentId).
 */
final class IncidentQuery {

    private IncidentQuery() {
    }

    /** The filter of this request, or empty when it can match nothing the caller may see. */
    static Optional<IncidentFilter> from(Context ctx) {
        Optional<IncidentStatus> status = QueryParams.single(ctx, "status").map(value -> IncidentStatus.fromWireName(value)
                .orElseThrow(() -> ApiException.badRequest("query parameter 'status' must be one of "
                        + String.join(", ", IncidentStatus.wireNames()) + " (got '" + Shown.shorten(value) + "')")));
        Optional<String> agent = QueryParams.single(ctx, "agent");
        Optional<String> tenant = QueryParams.single(ctx, "tenant");
        int limit = QueryParams.single(ctx, "limit").map(value -> QueryParams.limit(value, IncidentFilter.MAX_LIMIT)).orElse(IncidentFilter.DEFAULT_LIMIT);
        Optional<IncidentFilter.Position> after = QueryParams.single(ctx, "cursor").map(IncidentQuery::position);
        Principal caller = AccessControl.principal(ctx);
        if (!caller.operator()) {
            if (tenant.isPresent() && !tenant.get().equals(caller.tenant())) {
                return Optional.empty();
            }
            tenant = Optional.of(caller.tenant());
        }
        return Optional.of(new IncidentFilter(status, agent, tenant, after, limit));
    }

    /** The cursor of the page after the one ending with {@code last}. */
    static String cursor(Incident last) {
        String position = last.firstAlertAt().toEpochMilli() + ":" + last.incidentId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static IncidentFilter.Position position(String cursor) {
        try {
            String position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = position.indexOf(':');
            if (colon > 0 && colon < position.length() - 1) {
                Instant at = Instant.ofEpochMilli(Long.parseLong(position.substring(0, colon)));
                return new IncidentFilter.Position(at, position.substring(colon + 1));
            }
        } catch (IllegalArgumentException notACursor) {
            // falls through to the same answer as a cursor of the wrong shape
        }
        throw ApiException.badRequest("query parameter 'cursor' must be the nextCursor of a previous page");
    }
}
