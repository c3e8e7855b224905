package dev.vigil.lifecycle.cluster;

import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An {@link AlertFilter} as the query string of {@code GET /internal/v1/alerts}, every criterion included (the tenant
 * and the page position too), so that another instance selects exactly what this one would. Instants are written in
 * ISO-8601 with their full precision; absent criteria are left out. The inverse refuses anything it would not write,
 * naming the parameter.
 */
public final class FilterQuery {

    static final String STATUS = "status";
    static final String SEVERITY = "severity";
    static final String RULE = "ruleId";
    static final String CATEGORY = "category";
    static final String AGENT = "agentId";
    static final String TENANT = "tenant";
    static final String SINCE = "since";
    static final String UNTIL = "until";
    static final String AFTER_AT = "afterDetectedAt";
    static final String AFTER_ID = "afterAlertId";
    static final String LIMIT = "limit";

    private FilterQuery() {
    }

    /** The query string, without the leading {@code ?}. */
    public static String encode(AlertFilter filter) {
        List<String> pairs = new ArrayList<>();
        filter.status().ifPresent(s -> pairs.add(pair(STATUS, s.wireName())));
        filter.severity().ifPresent(s -> pairs.add(pair(SEVERITY, s.name())));
        filter.ruleId().ifPresent(v -> pairs.add(pair(RULE, v)));
        filter.category().ifPresent(v -> pairs.add(pair(CATEGORY, v)));
        filter.agentId().ifPresent(v -> pairs.add(pair(AGENT, v)));
        filter.tenant().ifPresent(v -> pairs.add(pair(TENANT, v)));
        filter.since().ifPresent(v -> pairs.add(pair(SINCE, v.toString())));
        filter.until().ifPresent(v -> pairs.add(pair(UNTIL, v.toString())));
        filter.after().ifPresent(p -> {
            pairs.add(pair(AFTER_AT, p.detectedAt().toString()));
            pairs.add(pair(AFTER_ID, p.alertId()));
        });
        pairs.add(pair(LIMIT, Integer.toString(filter.limit())));
        return String.join("&", pairs);
    }

    /**
     * The filter of decoded query parameters ({@code Context#queryParamMap}); {@link IllegalArgumentException}
     * naming the parameter when one is repeated or malformed.
     */
    public static AlertFilter decode(Map<String, List<String>> params) {
        Optional<AlertFilter.Position> after = Optional.empty();
        Optional<Instant> afterAt = single(params, AFTER_AT).map(v -> instant(AFTER_AT, v));
        Optional<String> afterId = single(params, AFTER_ID);
        if (afterAt.isPresent() != afterId.isPresent()) {
            throw new IllegalArgumentException("query parameters '" + AFTER_AT + "' and '" + AFTER_ID
                    + "' go together");
        }
        if (afterAt.isPresent()) {
            after = Optional.of(new AlertFilter.Position(afterAt.get(), afterId.get()));
        }
        return new AlertFilter(
                single(params, STATUS).map(v -> AlertStatus.fromWireName(v).orElseThrow(() -> bad(STATUS, v))),
                single(params, SEVERITY).map(v -> parse(SEVERITY, v, Severity::valueOf)),
                single(params, RULE), single(params, CATEGORY), single(params, AGENT), single(params, TENANT),
                single(params, SINCE).map(v -> instant(SINCE, v)), single(params, UNTIL).map(v -> instant(UNTIL, v)),
                after, limit(single(params, LIMIT)));
    }

    private static int limit(Optional<String> value) {
        if (value.isEmpty()) {
            return AlertFilter.DEFAULT_LIMIT;
        }
        int limit = parse(LIMIT, value.get(), Integer::parseInt);
        if (limit < 1 || limit > AlertFilter.MAX_LIMIT) {
            throw bad(LIMIT, value.get());
        }
        return limit;
    }

    static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new IllegalArgumentException("query parameter '" + name + "' may be given once");
        }
        return values.stream().findFirst();
    }

    static Instant instant(String name, String value) {
        return parse(name, value, Instant::parse);
    }

    static <T> T parse(String name, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw bad(name, value);
        }
    }

    static IllegalArgumentException bad(String name, String value) {
        String shown = value.length() <= 64 ? value : value.substring(0, 64) + "…";
        return new IllegalArgumentException("query parameter '" + name + "' is malformed: '" + shown + "'");
    }

    static String pair(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
