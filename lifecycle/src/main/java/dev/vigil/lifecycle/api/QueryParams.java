package dev.vigil.lifecycle.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/** Query parameters as the list routes read them: each at most once, an empty value as absent, a page size in range. */
final class QueryParams {

    private QueryParams() {
    }

    /** The value of {@code name}, if given; given twice is a 400. */
    static Optional<String> single(Context ctx, String name) {
        List<String> values = ctx.queryParams(name).stream().filter(v -> !v.isEmpty()).toList();
        if (values.size() > 1) {
            throw ApiException.badRequest("query parameter '" + name + "' may be given once");
        }
        return values.stream().findFirst();
    }

    /** The page size in {@code value}: a whole number from 1 to {@code max}, else a 400. */
    static int limit(String value, int max) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the same answer as a number out of range
        }
        throw ApiException.badRequest("query parameter 'limit' must be a whole number from 1 to " + max);
    }
}
