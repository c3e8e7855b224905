package dev.vigil.topology.state;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything detection remembers about one agent, kept in the {@code agent-state-store} under its agentId.
 * Bounded by construction: a few times, one fixed ring of minute counts, at most one open alert per rule.
 * Mutable, owned by one processor at a time; {@link AgentStateSerde} writes it.
 */
public final class AgentState {

    private long firstEventAt;
    private long lastEventAt;
    private MinuteBuckets requestsPerMinute;
    private final TreeMap<String, OpenAlert> openAlerts;

    AgentState(long firstEventAt, long lastEventAt, MinuteBuckets requestsPerMinute, TreeMap<String, OpenAlert> openAlerts) {
        this.firstEventAt = firstEventAt;
        this.lastEventAt = lastEventAt;
        this.requestsPerMinute = requestsPerMinute;
        this.openAlerts = openAlerts;
    }

    /** The state of an agent first seen at {@code eventTime}. */
    public static AgentState firstSeenAt(long eventTime) {
        return new AgentState(eventTime, eventTime, null, new TreeMap<>());
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
                && Objects.equals(requestsPerMinute, s.requestsPerMinute) && openAlerts.equals(s.openAlerts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(firstEventAt, lastEventAt, requestsPerMinute, openAlerts);
    }

    @Override
    public String toString() {
        return "AgentState{first=" + firstEventAt + ", last=" + lastEventAt + ", requests=" + requestsPerMinute
                + ", open=" + openAlerts.values() + "}";
    }
}
