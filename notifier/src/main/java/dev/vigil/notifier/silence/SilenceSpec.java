package dev.vigil.notifier.silence;

import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.avro.Silence;
import dev.vigil.ingest.IngestException;
import dev.vigil.notifier.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A silence of {@code vigil.silences.v1}, validated: while it is active, the notifications of the alerts it matches are
 * recorded as silenced instead of sent. It is active from {@code startsAt} (inclusive) to {@code endsAt} (exclusive)
 * and matches an alert when every matcher equals the alert's field. It ends on its own at {@code endsAt}, early when
 * someone ends it (the record is written again with {@code endsAt} = then), and, when it names an {@code alertId},
 * when that alert is resolved ({@link SilenceBook#endedByResolution}).
 *
 * <p>{@link #fromRecord} is what any record must be; {@link #submitted} adds what a new silence must be (it has not
 * ended, lasts at most the service's maximum, has a short comment). A record is not judged again by a maximum that may
 * have changed since it was written, and a silence ended before it began has {@code endsAt == startsAt}.
 */
public record SilenceSpec(String silenceId, Map<String, String> matchers, Instant startsAt, Instant endsAt,
                          String createdBy, String comment, Instant createdAt) {

    public static final String TENANT_ID = "tenantId";
    public static final String AGENT_ID = "agentId";
    public static final String RULE_ID = "ruleId";
    public static final String SEVERITY = "severity";
    public static final String CATEGORY = "category";
    public static final String ALERT_ID = "alertId";
    /** The alert fields a silence may match on, in the order messages list them. */
    public static final List<String> MATCHER_KEYS = List.of(TENANT_ID, AGENT_ID, RULE_ID, SEVERITY, CATEGORY, ALERT_ID);

    /** Silence ids: the key of the compacted topic and a path segment of the API. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** The longest comment a new silence may have. */
    public static final int MAX_COMMENT = 1000;
    /** The longest {@code createdBy}, as the longest actor the API takes. */
    public static final int MAX_CREATED_BY = 200;

    private static final List<String> SEVERITIES = Arrays.stream(Severity.values()).map(Enum::name).toList();

    public SilenceSpec {
        Objects.requireNonNull(silenceId, "silenceId");
        matchers = Collections.unmodifiableMap(new TreeMap<>(matchers));
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The silence of a record of the topic, or an {@link IngestException} naming the field at fault. */
    public static SilenceSpec fromRecord(Silence s) {
        if (s.getSilenceId() == null || !ID.matcher(s.getSilenceId()).matches()) {
            throw new IngestException("silenceId", "must be 1 to 64 of the characters A-Z a-z 0-9 _ . -");
        }
        checkMatchers(s.getMatchers());
        if (s.getEndsAt().isBefore(s.getStartsAt())) {
            throw new IngestException("endsAt", "must not be before startsAt (" + s.getStartsAt() + ")");
        }
        required("createdBy", s.getCreatedBy());
        required("comment", s.getComment());
        return new SilenceSpec(s.getSilenceId(), s.getMatchers(), s.getStartsAt(), s.getEndsAt(), s.getCreatedBy(),
                s.getComment(), s.getCreatedAt());
    }

    /**
     * A new silence: a valid record that starts before it ends, has not ended at {@code now}, lasts at most
     * {@code maxDuration} and has a comment of at most {@value #MAX_COMMENT} characters.
     */
    public static SilenceSpec submitted(Silence s, Instant now, Duration maxDuration) {
        if (!s.getStartsAt().isBefore(s.getEndsAt())) {
            throw new IngestException("endsAt", "must be after startsAt (" + s.getStartsAt() + ")");
        }
        SilenceSpec spec = fromRecord(s);
        if (!spec.endsAt.isAfter(now)) {
            throw new IngestException("endsAt", "must be in the future (now is " + now + ")");
        }
        if (Duration.between(spec.startsAt, spec.endsAt).compareTo(maxDuration) > 0) {
            throw new IngestException("endsAt", "a silence lasts at most " + DurationText.of(maxDuration)
                    + " from startsAt; this one would last " + DurationText.of(Duration.between(spec.startsAt, spec.endsAt)));
        }
        if (spec.comment.length() > MAX_COMMENT) {
            throw new IngestException("comment", "must be at most " + MAX_COMMENT + " characters");
        }
        if (spec.createdBy.length() > MAX_CREATED_BY || spec.createdBy.chars().anyMatch(Character::isISOControl)) {
            throw new IngestException("createdBy", "must be at most " + MAX_CREATED_BY + " printable characters");
        }
        return spec;
    }

    /** The record to publish; {@code fromRecord(toRecord())} equals this. */
    public Silence toRecord() {
        return Silence.newBuilder()
                .setSilenceId(silenceId).setMatchers(new TreeMap<>(matchers))
                .setStartsAt(startsAt).setEndsAt(endsAt)
                .setCreatedBy(createdBy).setComment(comment).setCreatedAt(createdAt)
                .build();
    }

    /** Whether the silence is in force at {@code at}: from {@code startsAt} inclusive to {@code endsAt} exclusive. */
    public boolean activeAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    /** Whether the silence is over at {@code at}, on its own or ended early. */
    public boolean endedBy(Instant at) {
        return !at.isBefore(endsAt);
    }

    /** Whether every matcher equals {@code alert}'s field (the severity by its name). Activity is not part of it. */
    public boolean matches(Alert alert) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            if (!m.getValue().equals(field(alert, m.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The alert this silence names, or null: such a silence also ends when that alert is resolved. */
    public String alertId() {
        return matchers.get(ALERT_ID);
    }

    /**
     * This silence ended at {@code at} (never before it starts, so one that had not begun never will), with
     * {@code why} added to its comment, so the record says who or what ended it.
     *
     * @throws IllegalStateException it is over at {@code at} already
     */
    public SilenceSpec endedAt(Instant at, String why) {
        if (endedBy(at)) {
            throw new IllegalStateException("silence " + silenceId + " ended at " + endsAt);
        }
        Instant end = at.isBefore(startsAt) ? startsAt : at;
        return new SilenceSpec(silenceId, matchers, startsAt, end, createdBy, comment + " [" + why + "]", createdAt);
    }

    private static String field(Alert alert, String key) {
        return switch (key) {
            case TENANT_ID -> alert.getTenantId();
            case AGENT_ID -> alert.getAgentId();
            case RULE_ID -> alert.getRuleId();
            case SEVERITY -> alert.getSeverity().name();
            case CATEGORY -> alert.getCategory();
            case ALERT_ID -> alert.getAlertId();
            default -> throw new IllegalStateException("not a silence matcher: " + key);
        };
    }

    private static void checkMatchers(Map<String, String> matchers) {
        if (matchers.isEmpty()) {
            throw new IngestException("matchers", "needs at least one of " + String.join(", ", MATCHER_KEYS)
                    + ": a silence of everything would hide every alert");
        }
        for (Map.Entry<String, String> m : new TreeMap<>(matchers).entrySet()) {
            String key = m.getKey();
            if (!MATCHER_KEYS.contains(key)) {
                throw new IngestException("matchers." + shorten(key), "is not a field a silence matches on; allowed: "
                        + String.join(", ", MATCHER_KEYS));
            }
            if (m.getValue() == null || m.getValue().isBlank()) {
                throw new IngestException("matchers." + key, "must not be blank");
            }
            if (key.equals(SEVERITY) && !SEVERITIES.contains(m.getValue())) {
                throw new IngestException("matchers.severity", "must be one of " + String.join(", ", SEVERITIES)
                        + " (got \"" + shorten(m.getValue()) + "\")");
            }
        }
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IngestException(field, "is required and must not be blank");
        }
    }

    static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
