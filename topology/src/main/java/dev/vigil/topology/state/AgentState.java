package dev.vigil.topology.state;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything detection remembers about one agent, kept in the {@code agent-state-store} under its agentId.
 * Bounded by construction: a few times, one fixed ring of minute counts, a fixed-capacity table of recent
 * tokens ({@link RecentTokens}), at most one open alert per rule.
 * Mutable, owned by one processor at a time; {@link AgentStateSerde} writes it.
 */
public final class AgentState {

    private long firstEventAt;
    private long lastEventAt;
    private MinuteBuckets requestsPerMinute;
    private RecentTokens recentTokens;
    private final TreeMap<String, OpenAlert> openAlerts;

    AgentState(long firstEventAt, long lastEventAt, MinuteBuckets requestsPerMinute, RecentTokens recentTokens,
               TreeMap<String, OpenAlert> openAlerts) {
        this.firstEventAt = firstEventAt;
        this.lastEventAt = lastEventAt;
        this.requestsPerMinute = requestsPerMinute;
        this.recentTokens = recentTokens;
        this.openAlerts = openAlerts;
    }

    /** The state of an agent first seen at {@code eventTime}. */
    public static AgentState firstSeenAt(long eventTime) {
        return new AgentState(eventTime, eventTime, null, null, new TreeMap<>());
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
                && openAlerts.equals(s.openAlerts);
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
                recentTokens == null || recentTokens.isEmpty() ? null : recentTokens, openAlerts);
    }

    @Override
    public String toString() {
        return "AgentState{first=" + firstEventAt + ", last=" + lastEventAt + ", requests=" + requestsPerMinute
                + ", tokens=" + recentTokens + ", open=" + openAlerts.values() + "}";
    }
}
