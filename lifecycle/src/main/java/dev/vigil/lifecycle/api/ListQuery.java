package dev.vigil.lifecycle.api;

import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertStatus;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /v1/alerts}, each parameter optional (an empty value counts as absent) and given at most
 * once: {@code status}, {@code severity}, {@code rule} (ruleId), {@code category}, {@code agent} (agentId),
 * {@code tenant}, {@code since} and {@code until} (RFC 3339 on detectedAt, since inclusive, until exclusive),
 * {@code limit} and {@code cursor}. A value outside the allowed set is a 400 that names the parameter (and lists the
 * allowed values), never an empty result that looks like "no alerts".
 *
 * <p>The cursor is opaque to clients: base64url (no padding) of {@code 1|<detectedAt>|<alertId>}, the
 * {@link AlertFilter.Position} of the last alert of the previous page. The version prefix lets the format change.
 */
final class ListQuery {

    private static final List<String> SEVERITIES = Arrays.stream(Severity.values()).map(Enum::name).toList();
    /** RFC 3339 date-time: seconds required, any fraction, Z or a numeric offset. */
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    /** An offset whose '+' arrived as a space: a '+' not percent-encoded in a query string decodes to one. */
    private static final Pattern SPACE_FOR_PLUS = Pattern.compile(" (\\d{2}:\\d{2})$");
    private static final String CURSOR_VERSION = "1";
    private static final Base64.Encoder CURSOR_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private ListQuery() {
    }

    static AlertFilter from(Context ctx) {
        Optional<AlertStatus> status = single(ctx, "status").map(value -> AlertStatus.fromWireName(value)
                .orElseThrow(() -> invalid("status", value, AlertStatus.wireNames())));
        Optional<Severity> severity = single(ctx, "severity").map(value -> severity(value)
                .orElseThrow(() -> invalid("severity", value, SEVERITIES)));
        Optional<Instant> since = single(ctx, "since").map(value -> instant("since", value));
        Optional<Instant> until = single(ctx, "until").map(value -> instant("until", value));
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw badParameter("since", "query parameter 'since' must be before 'until' (since is inclusive, until "
                    + "exclusive)");
        }
        int limit = single(ctx, "limit").map(ListQuery::limit).orElse(AlertFilter.DEFAULT_LIMIT);
        return new AlertFilter(status, severity, single(ctx, "rule"), single(ctx, "category"), single(ctx, "agent"),
                single(ctx, "tenant"), since, until, single(ctx, "cursor").map(ListQuery::position), limit);
    }

    /** The cursor that continues a list after {@code position}. */
    static String cursor(AlertFilter.Position position) {
        String plain = CURSOR_VERSION + "|" + position.detectedAt() + "|" + position.alertId();
        return CURSOR_ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static AlertFilter.Position position(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\|", 3);
            if (parts.length == 3 && parts[0].equals(CURSOR_VERSION) && !parts[2].isEmpty()) {
                return new AlertFilter.Position(Instant.parse(parts[1]), parts[2]);
            }
        } catch (IllegalArgumentException | DateTimeParseException notACursor) {
            // falls through to the same answer as a cursor of another shape
        }
        throw badParameter("cursor", "query parameter 'cursor' is not a cursor of this API; pass the nextCursor of "
                + "the previous page unchanged");
    }

    private static Optional<String> single(Context ctx, String name) {
        List<String> values = ctx.queryParams(name).stream().filter(v -> !v.isEmpty()).toList();
        if (values.size() > 1) {
            throw badParameter(name, "query parameter '" + name + "' may be given once");
        }
        return values.stream().findFirst();
    }

    private static Optional<Severity> severity(String value) {
        return Arrays.stream(Severity.values()).filter(s -> s.name().equals(value)).findFirst();
    }

    private static Instant instant(String name, String value) {
        String text = SPACE_FOR_PLUS.matcher(value).replaceFirst("+$1");
        if (RFC_3339.matcher(text).matches()) {
            try {
                return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant().truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException outOfRange) {
                // falls through to the same answer as a malformed timestamp
            }
        }
        throw badParameter(name, "query parameter '" + name + "' must be an RFC 3339 timestamp such as "
                + "2025-03-01T10:00:00Z (got '" + Shown.shorten(value) + "')");
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
        throw badParameter("limit", "query parameter 'limit' must be a whole number from 1 to " + AlertFilter.MAX_LIMIT);
    }

    private static ApiException invalid(String name, String value, List<String> allowed) {
        return badParameter(name, "query parameter '" + name + "' must be one of " + String.join(", ", allowed)
                + " (got '" + Shown.shorten(value) + "')");
    }

    private static ApiException badParameter(String name, String message) {
        return new ApiException(400, message, Map.of("parameter", name));
    }
}
