package dev.vigil.lifecycle.api;

import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertStatus;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The query of {@code GET /v1/alerts}: {@code status}, {@code severity} and {@code limit}, each optional (an empty
 * value counts as absent). A value outside the allowed set is a 400 that names the parameter and lists the allowed
 * values, never an empty result that looks like "no alerts".
 */
final class ListQuery {

    private static final List<String> SEVERITIES = Arrays.stream(Severity.values()).map(Enum::name).toList();

    private ListQuery() {
    }

    static AlertFilter from(Context ctx) {
        Optional<AlertStatus> status = single(ctx, "status").map(value -> AlertStatus.fromWireName(value)
                .orElseThrow(() -> invalid("status", value, AlertStatus.wireNames())));
        Optional<Severity> severity = single(ctx, "severity").map(value -> severity(value)
                .orElseThrow(() -> invalid("severity", value, SEVERITIES)));
        int limit = single(ctx, "limit").map(ListQuery::limit).orElse(AlertFilter.DEFAULT_LIMIT);
        return new AlertFilter(status, severity, limit);
    }

    private static Optional<String> single(Context ctx, String name) {
        List<String> values = ctx.queryParams(name).stream().filter(v -> !v.isEmpty()).toList();
        if (values.size() > 1) {
            throw ApiException.badRequest("query parameter '" + name + "' may be given once");
        }
        return values.stream().findFirst();
    }

    private static Optional<Severity> severity(String value) {
        return Arrays.stream(Severity.values()).filter(s -> s.name().equals(value)).findFirst();
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= AlertFilter.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the same answer as a number out of range
        }
        throw ApiException.badRequest("query parameter 'limit' must be a whole number from 1 to " + AlertFilter.MAX_LIMIT);
    }

    private static ApiException invalid(String name, String value, List<String> allowed) {
        return ApiException.badRequest("query parameter '" + name + "' must be one of " + String.join(", ", allowed)
                + " (got '" + Shown.shorten(value) + "')");
    }
}
