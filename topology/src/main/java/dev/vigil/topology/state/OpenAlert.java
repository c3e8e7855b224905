package dev.vigil.topology.state;

import java.util.Objects;

/**
 * The one open alert of an (agent, rule): what repeats fold into until a person resolves it. Times are event
 * times in epoch milliseconds.
 */
public final class OpenAlert {

    private final String ruleId;
    private final String alertId;
    private long occurrences;
    private long firstSeen;
    private long lastSeen;
    private long lastEmitted;
    private final Evidence evidence;
    private int emittedLevel = UNKNOWN_LEVEL;

    /** The level of an alert restored from a format that did not keep it: any finding outranks it. */
    public static final int UNKNOWN_LEVEL = -1;

    public OpenAlert(String ruleId, String alertId, long occurrences, long firstSeen, long lastSeen, long lastEmitted,
                     Evidence evidence) {
        this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
        this.alertId = Objects.requireNonNull(alertId, "alertId");
        this.occurrences = occurrences;
        this.firstSeen = firstSeen;
        this.lastSeen = lastSeen;
        this.lastEmitted = lastEmitted;
        this.evidence = Objects.requireNonNull(evidence, "evidence");
    }

    /** A new alert, opened and emitted by the event at {@code time}. */
    public static OpenAlert opened(String ruleId, String alertId, long time) {
        return new OpenAlert(ruleId, alertId, 1, time, time, time, new Evidence());
    }

    /** Counts one more occurrence at {@code time}; a late one does not move {@code lastSeen} back. */
    public void fold(long time) {
        occurrences++;
        firstSeen = Math.min(firstSeen, time);
        lastSeen = Math.max(lastSeen, time);
    }

    /**
     * Records an emission at {@code time} at {@code level} ({@link #level}): a later finding of a higher level is
     * emitted at once, whatever the repeat interval.
     */
    public void markEmitted(long time, int level) {
        lastEmitted = Math.max(lastEmitted, time);
        emittedLevel = level;
    }

    /**
     * The rank of a finding for re-emission: by severity, and a full-strength finding above a calibrating one of the
     * same severity.
     */
    public static int level(dev.vigil.avro.Severity severity, boolean calibrating) {
        return severity.ordinal() * 2 + (calibrating ? 0 : 1);
    }

    /** The level of the last emission, or {@link #UNKNOWN_LEVEL}. */
    public int emittedLevel() {
        return emittedLevel;
    }

    void restoreEmittedLevel(int level) {
        emittedLevel = level;
    }

    public String ruleId() {
        return ruleId;
    }

    public String alertId() {
        return alertId;
    }

    public long occurrences() {
        return occurrences;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public long lastEmitted() {
        return lastEmitted;
    }

    public Evidence evidence() {
        return evidence;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpenAlert a && ruleId.equals(a.ruleId) && alertId.equals(a.alertId)
                && occurrences == a.occurrences && firstSeen == a.firstSeen && lastSeen == a.lastSeen
                && lastEmitted == a.lastEmitted && evidence.equals(a.evidence) && emittedLevel == a.emittedLevel;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ruleId, alertId, occurrences, firstSeen, lastSeen, lastEmitted, evidence);
    }

    @Override
    public String toString() {
        return "OpenAlert{" + ruleId + " " + alertId + " x" + occurrences + " " + firstSeen + ".." + lastSeen
                + " emitted " + lastEmitted + " " + evidence + "}";
    }
}
