package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.IncidentFilter;
import dev.vigil.lifecycle.view.IncidentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link IncidentFilter} as the query string of {@code GET /internal/v1/incidents}, every criterion included (the
 * tenant and the page position too), so that another instance selects exactly what this one would. Written and read
 * with the same rules as {@link FilterQuery}: full-precision ISO-8601 instants, absent criteria left out, anything
 * this side would not write refused naming the parameter.
 */
public final class IncidentFilterQuery {

    static final String STATUS = "status";
    static final String AGENT = "agentId";
    static final String TENANT = "tenant";
    static final String AFTER_AT = "afterFirstAlertAt";
    static final String AFTER_ID = "afterIncidentId";
    static final String LIMIT = "limit";

    private IncidentFilterQuery() {
    }

    /** The query string, without the leading {@code ?}. */
    public static String encode(IncidentFilter filter) {
        List<String> pairs = new ArrayList<>();
        filter.status().ifPresent(s -> pairs.add(FilterQuery.pair(STATUS, s.wireName())));
        filter.agentId().ifPresent(v -> pairs.add(FilterQuery.pair(AGENT, v)));
        filter.tenant().ifPresent(v -> pairs.add(FilterQuery.pair(TENANT, v)));
        filter.after().ifPresent(p -> {
            pairs.add(FilterQuery.pair(AFTER_AT, p.firstAlertAt().toString()));
            pairs.add(FilterQuery.pair(AFTER_ID, p.incidentId()));
        });
        pairs.add(FilterQuery.pair(LIMIT, Integer.toString(filter.limit())));
        return String.join("&", pairs);
    }

    /**
     * The filter of decoded query parameters ({@code Context#queryParamMap}); {@link IllegalArgumentException}
     * naming the parameter when one is repeated or malformed.
     */
    public static IncidentFilter decode(Map<String, List<String>> params) {
        Optional<Instant> afterAt = FilterQuery.single(params, AFTER_AT).map(v -> FilterQuery.instant(AFTER_AT, v));
        Optional<String> afterId = FilterQuery.single(params, AFTER_ID);
        if (afterAt.isPresent() != afterId.isPresent()) {
            throw new IllegalArgumentException("query parameters '" + AFTER_AT + "' and '" + AFTER_ID
                    + "' go together");
        }
        Optional<IncidentFilter.Position> after = afterAt.map(at -> new IncidentFilter.Position(at, afterId.get()));
        return new IncidentFilter(
                FilterQuery.single(params, STATUS).map(v -> IncidentStatus.fromWireName(v)
                        .orElseThrow(() -> FilterQuery.bad(STATUS, v))),
                FilterQuery.single(params, AGENT), FilterQuery.single(params, TENANT), after,
                limit(FilterQuery.single(params, LIMIT)));
    }

    private static int limit(Optional<String> value) {
        if (value.isEmpty()) {
            return IncidentFilter.DEFAULT_LIMIT;
        }
        int limit = FilterQuery.parse(LIMIT, value.get(), Integer::parseInt);
        if (limit < 1 || limit > IncidentFilter.MAX_LIMIT) {
            throw FilterQuery.bad(LIMIT, value.get());
        }
        return limit;
    }
}
