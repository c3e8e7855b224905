package dev.vigil.topology.state;

import dev.vigil.avro.BreakerState;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything detection remembers about one agent, kept in the {@code agent-state-store} under its agentId.
 * Bounded by construction: a few times, one fixed ring of minute counts, a fixed-capacity table of recent
 * tokens ({@link RecentTokens}), at most one open alert per rule, the circuit breaker's state, and one bounded
 * {@link StateSection} per detector that keeps its own state (read lazily: a section no detector touched is
 * written back as the bytes it was read from).
 * Mutable, owned by one processor at a time; {@link AgentStateSerde} writes it.
 */
public final class AgentState {

    private long firstEventAt;
    private long lastEventAt;
    private MinuteBuckets requestsPerMinute;
    private RecentTokens recentTokens;
    private final TreeMap<String, OpenAlert> openAlerts;
    private boolean calibrationEnded;
    private BreakerState breaker = BreakerState.MONITORING;
    private long breakerSince;
    /** Section name to either its decoded {@link StateSection} or the bytes it was read from. */
    private final TreeMap<String, Object> sections;

    AgentState(long firstEventAt, long lastEventAt, MinuteBuckets requestsPerMinute, RecentTokens recentTokens,
               TreeMap<String, OpenAlert> openAlerts) {
        this(firstEventAt, lastEventAt, requestsPerMinute, recentTokens, openAlerts, new TreeMap<>());
    }

    AgentState(long firstEventAt, long lastEventAt, MinuteBuckets requestsPerMinute, RecentTokens recentTokens,
               TreeMap<String, OpenAlert> openAlerts, TreeMap<String, Object> sections) {
        this.firstEventAt = firstEventAt;
        this.lastEventAt = lastEventAt;
        this.requestsPerMinute = requestsPerMinute;
        this.recentTokens = recentTokens;
        this.openAlerts = openAlerts;
        this.sections = sections;
    }

    /** The state of an agent first seen at {@code eventTime}. */
    public static AgentState firstSeenAt(long eventTime) {
        return new AgentState(eventTime, eventTime, null, null, new TreeMap<>());
    }

    /**
     * The detector section of {@code type}, created empty on first use, decoded from its stored bytes on first
     * use after a restore. Update it in place.
     */
    public <S extends StateSection> S section(SectionType<S> type) {
        Object held = sections.get(type.name());
        if (held == null) {
            S created = type.create().get();
            sections.put(type.name(), created);
            return created;
        }
        if (held instanceof byte[] bytes) {
            StateReader in = new StateReader(bytes);
            S read;
            try {
                read = type.read().apply(in);
                in.expectEnd();
            } catch (RuntimeException e) {
                throw new org.apache.kafka.common.errors.SerializationException(
                        "Cannot read the '" + type.name() + "' section of an agent's state: " + e.getMessage(), e);
            }
            sections.put(type.name(), read);
            return read;
        }
        @SuppressWarnings("unchecked")
        S section = (S) held;
        return section;
    }

    /** Drops the section of {@code type} (the detector starts over). */
    public void dropSection(String name) {
        sections.remove(name);
    }

    /** Drops every section whose name starts with {@code prefix} and that {@code keep} refuses. */
    public void dropSectionsUnless(String prefix, java.util.function.Predicate<String> keep) {
        if (!sections.isEmpty()) {
            sections.subMap(prefix, prefix + Character.MAX_VALUE).keySet().removeIf(name -> !keep.test(name));
        }
    }

    /** True when the agent has a section of this name (stored or in use). */
    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    /** The sections by name as bytes, for the serde. */
    Map<String, byte[]> sectionBytes() {
        Map<String, byte[]> bytes = new TreeMap<>();
        sections.forEach((name, held) -> {
            if (held instanceof byte[] raw) {
                bytes.put(name, raw);
            } else {
                StateWriter out = new StateWriter();
                ((StateSection) held).write(out);
                bytes.put(name, out.toByteArray());
            }
        });
        return bytes;
    }

    /** True once a person marked the agent calibrated ({@code MARK_CALIBRATED}), ending calibration early. */
    public boolean calibrationEnded() {
        return calibrationEnded;
    }

    public void endCalibration() {
        calibrationEnded = true;
    }

    /**
     * True while {@code eventTime} falls in the agent's first {@code calibrationDays} of activity and no one
     * ended calibration early.
     */
    public boolean calibrating(long eventTime, int calibrationDays) {
        return !calibrationEnded && calibrationDays > 0
                && eventTime - firstEventAt < Duration.ofDays(calibrationDays).toMillis();
    }

    /** The circuit breaker's state for the agent. */
    public BreakerState breaker() {
        return breaker;
    }

    /** Event time (or command time) at which the breaker entered its state; 0 for an agent never moved. */
    public long breakerSince() {
        return breakerSince;
    }

    public void breaker(BreakerState state, long since) {
        this.breaker = state;
        this.breakerSince = since;
    }

    /** Event time of the earliest event seen (the start of the agent's history). */
    public long firstEventAt() {
        return firstEventAt;
    }

    /** Event time of the newest event seen. */
    public long lastEventAt() {
        return lastEventAt;
    }

    /** Records that an event of {@code eventTime} was processed. */
    public void observe(long eventTime) {
        firstEventAt = Math.min(firstEventAt, eventTime);
        lastEventAt = Math.max(lastEventAt, eventTime);
    }

    /** True when {@code eventTime} is older than the newest event seen by more than {@code grace}. */
    public boolean isLate(long eventTime, Duration grace) {
        return lastEventAt - eventTime > grace.toMillis();
    }

    /** The agent's requests per event-time minute, in a ring of {@code size} minutes (resized if settings changed). */
    public MinuteBuckets requestsPerMinute(int size) {
        if (requestsPerMinute == null) {
            requestsPerMinute = new MinuteBuckets(size);
        } else if (requestsPerMinute.size() != size) {
            requestsPerMinute = requestsPerMinute.resized(size);
        }
        return requestsPerMinute;
    }

    MinuteBuckets requestsPerMinuteOrNull() {
        return requestsPerMinute;
    }

    /** The tokens the agent used recently, with their source addresses (created on first use). */
    public RecentTokens recentTokens() {
        if (recentTokens == null) {
            recentTokens = new RecentTokens();
        }
        return recentTokens;
    }

    RecentTokens recentTokensOrNull() {
        return recentTokens;
    }

    public Optional<OpenAlert> openAlert(String ruleId) {
        return Optional.ofNullable(openAlerts.get(ruleId));
    }

    public void open(OpenAlert alert) {
        openAlerts.put(alert.ruleId(), alert);
    }

    /** Open alerts ordered by rule id. */
    public Collection<OpenAlert> openAlerts() {
        return Collections.unmodifiableCollection(openAlerts.values());
    }

    /** Forgets the open alerts of rules {@code keep} refuses (a deleted custom rule's). */
    public void closeAlertsUnless(java.util.function.Predicate<String> keep) {
        if (!openAlerts.isEmpty()) {
            openAlerts.keySet().removeIf(ruleId -> !keep.test(ruleId));
        }
    }

    /**
     * Closes the open alert with {@code alertId}, or, when no alert id is given, the open alert of {@code ruleId}.
     * An alert id that is not open (already resolved, or an older alert of the rule) closes nothing, so a stale
     * resolve cannot close a newer alert. Returns whether an alert was closed.
     */
    public boolean close(String alertId, String ruleId) {
        if (alertId != null) {
            return openAlerts.values().removeIf(open -> open.alertId().equals(alertId));
        }
        return ruleId != null && openAlerts.remove(ruleId) != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentState s && firstEventAt == s.firstEventAt && lastEventAt == s.lastEventAt
                && Objects.equals(requestsPerMinute, s.requestsPerMinute) && tokensEqual(recentTokens, s.recentTokens)
                && openAlerts.equals(s.openAlerts) && calibrationEnded == s.calibrationEnded && breaker == s.breaker
                && breakerSince == s.breakerSince && sectionsEqual(sectionBytes(), s.sectionBytes());
    }

    private static boolean sectionsEqual(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    /** No table and an empty one are the same state (the serde writes both as nothing). */
    private static boolean tokensEqual(RecentTokens a, RecentTokens b) {
        boolean aEmpty = a == null || a.isEmpty();
        boolean bEmpty = b == null || b.isEmpty();
        return aEmpty ? bEmpty : a.equals(b);
    }

    @Override
    public int hashCode() {
        return Objects.hash(firstEventAt, lastEventAt, requestsPerMinute,
                recentTokens == null || recentTokens.isEmpty() ? null : recentTokens, openAlerts, calibrationEnded,
                breaker, breakerSince, sections.keySet());
    }

    @Override
    public String toString() {
        return "AgentState{first=" + firstEventAt + ", last=" + lastEventAt + ", requests=" + requestsPerMinute
                + ", tokens=" + recentTokens + ", open=" + openAlerts.values() + ", calibrationEnded=" + calibrationEnded
                + ", breaker=" + breaker + "@" + breakerSince + ", sections=" + sections.keySet() + "}";
    }
}
