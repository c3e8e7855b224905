package dev.vigil.notifier.silence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.avro.Silence;
import dev.vigil.ingest.IngestException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A silence as JSON (the body of {@code POST /v1/silences}) and the Avro {@link Silence} it travels as. This maps JSON
 * types onto the record and fills what a submission may leave out; what the values must be is
 * {@link SilenceSpec#submitted}'s to say. Times are RFC 3339 (any offset in, {@code …sssZ} out), kept to the
 * millisecond as the record does. Strict: an unknown field is refused; {@code createdAt} and {@code state}, which an
 * answer carries, are ignored, so a silence as read can be posted again under a new id.
 *
 * <pre>{@code
 * {"silenceId": "…", "matchers": {"agentId": "did:web:batch-7", "ruleId": "off_hours_activity"},
 *  "startsAt": "2026-11-20T22:00:00.000Z", "endsAt": "2026-11-21T06:00:00.000Z",
 *  "createdBy": "alice", "comment": "nightly migration, CHG-1234", "createdAt": "2026-11-20T21:55:12.345Z"}
 * }</pre>
 */
public final class SilenceJson {

    static final List<String> FIELDS = List.of("silenceId", "matchers", "startsAt", "endsAt", "createdBy", "comment");
    private static final List<String> READ_ONLY = List.of("createdAt", "state");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SilenceJson() {
    }

    /**
     * The record of a submission: {@code silenceId} a new UUID when absent, {@code startsAt} and {@code createdAt}
     * {@code now}, {@code createdBy} {@code actor} when absent.
     */
    public static Silence fromJson(JsonNode json, Instant now, String actor) {
        if (json == null || !json.isObject()) {
            throw new IngestException(null, "a silence must be a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name) && !READ_ONLY.contains(name)) {
                throw new IngestException(SilenceSpec.shorten(name), "is not a field of a silence; allowed: "
                        + String.join(", ", FIELDS));
            }
        }
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        String id = text(json, "silenceId");
        String createdBy = text(json, "createdBy");
        Instant startsAt = time(json, "startsAt");
        Instant endsAt = time(json, "endsAt");
        if (endsAt == null) {
            throw new IngestException("endsAt", "is required");
        }
        String comment = text(json, "comment");
        return Silence.newBuilder()
                .setSilenceId(id == null ? UUID.randomUUID().toString() : id)
                .setMatchers(matchers(json))
                .setStartsAt(startsAt == null ? at : startsAt)
                .setEndsAt(endsAt)
                .setCreatedBy(createdBy == null ? actor : createdBy)
                .setComment(comment == null ? "" : comment)
                .setCreatedAt(at)
                .build();
    }

    /** The JSON of a silence, every field written out. */
    public static ObjectNode toJson(SilenceSpec spec) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("silenceId", spec.silenceId());
        ObjectNode matchers = o.putObject("matchers");
        spec.matchers().forEach(matchers::put);
        o.put("startsAt", format(spec.startsAt()));
        o.put("endsAt", format(spec.endsAt()));
        o.put("createdBy", spec.createdBy());
        o.put("comment", spec.comment());
        o.put("createdAt", format(spec.createdAt()));
        return o;
    }

    /** {@code YYYY-MM-DDTHH:MM:SS.sssZ}, as Vigil writes every time. */
    public static String format(Instant instant) {
        return TIME.format(instant);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IngestException(field, "must be a string");
        }
        return value.textValue();
    }

    private static Instant time(JsonNode json, String field) {
        String text = text(json, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new IngestException(field, "must be an RFC 3339 time such as 2026-11-20T22:00:00Z (got \""
                    + SilenceSpec.shorten(text) + "\")");
        }
    }

    private static Map<String, String> matchers(JsonNode json) {
        JsonNode object = json.get("matchers");
        if (object == null || object.isNull()) {
            return Map.of();
        }
        if (!object.isObject()) {
            throw new IngestException("matchers", "must be an object of alert field to value");
        }
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IngestException("matchers." + SilenceSpec.shorten(e.getKey()), "must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }
}
