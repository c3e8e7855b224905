package dev.vigil.topology.detect;

import dev.vigil.avro.Severity;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a detector found on one event; the alert machinery adds identity, folding and evidence.
 *
 * @param severity        how bad
 * @param score           0–100, inside the severity's band ({@link Score})
 * @param description     one human sentence with the numbers
 * @param observed        the observed figures by name, as exact decimal text (insertion order is kept)
 * @param baseline        the figures they were compared with, as exact decimal text
 * @param windowStart     start of the event-time window the finding is about
 * @param windowEnd       its end (exclusive; equal to the start for a single event)
 * @param suggestedAction what a responder should do first
 */
public record Finding(Severity severity, int score, String description, Map<String, String> observed,
                      Map<String, String> baseline, Instant windowStart, Instant windowEnd, String suggestedAction) {

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(suggestedAction, "suggestedAction");
        if (!Score.consistent(severity, score)) {
            throw new IllegalArgumentException("score " + score + " is outside the band of severity " + severity);
        }
        observed = Collections.unmodifiableMap(new LinkedHashMap<>(observed));
        baseline = Collections.unmodifiableMap(new LinkedHashMap<>(baseline));
    }

    /** A certain violation by a single event at {@code at}. */
    public static Finding violation(Severity severity, String description, Map<String, String> observed,
                                    Map<String, String> baseline, Instant at, String suggestedAction) {
        return new Finding(severity, Score.certain(severity), description, observed, baseline, at, at, suggestedAction);
    }
}
