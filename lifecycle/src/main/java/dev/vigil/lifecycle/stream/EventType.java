package dev.vigil.lifecycle.stream;

import dev.vigil.avro.LifecycleAction;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The types of the live stream's events, by their wire name: a new alert, a re-emission of an open one, and one type
 * per lifecycle action. {@code stream.gap} is not among them: it is a notice about the stream itself, sent whatever
 * the filter.
 */
public enum EventType {
    ANOMALY_DETECTED("anomaly.detected"),
    ANOMALY_UPDATED("anomaly.updated"),
    ALERT_ACKNOWLEDGED("alert.acknowledged"),
    ALERT_RESOLVED("alert.resolved"),
    ALERT_REOPENED("alert.reopened"),
    ALERT_COMMENTED("alert.commented"),
    ALERT_ASSIGNED("alert.assigned"),
    AGENT_HALTED("agent.halted"),
    AGENT_RESUMED("agent.resumed"),
    AGENT_KILLED("agent.killed"),
    AGENT_CALIBRATED("agent.calibrated"),
    INCIDENT_UPDATED("incident.updated");

    /** The notice that the stream could not resume exactly where the client left off. */
    public static final String GAP = "stream.gap";

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).toList();
    }

    /** The type of a lifecycle event; empty for {@link LifecycleAction#UNKNOWN} (a symbol this version does not know). */
    public static Optional<EventType> of(LifecycleAction action) {
        return Optional.ofNullable(switch (action) {
            case ACKNOWLEDGE -> ALERT_ACKNOWLEDGED;
            case RESOLVE -> ALERT_RESOLVED;
            case REOPEN -> ALERT_REOPENED;
            case COMMENT -> ALERT_COMMENTED;
            case ASSIGN -> ALERT_ASSIGNED;
            case HALT -> AGENT_HALTED;
            case RESUME -> AGENT_RESUMED;
            case KILL -> AGENT_KILLED;
            case MARK_CALIBRATED -> AGENT_CALIBRATED;
            case INCIDENT_UPDATE -> INCIDENT_UPDATED;
            case UNKNOWN -> null;
        });
    }
}
