package dev.vigil.lifecycle.view;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an incident stands, in the order it moves: {@code open → investigating → contained → closed}
 * ({@link IncidentTransitions}). Written in lower case on the API, in lifecycle events and in the view store.
 */
public enum IncidentStatus {
    OPEN, INVESTIGATING, CONTAINED, CLOSED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status written {@code name} on the wire (exact, lower case), if there is one. */
    public static Optional<IncidentStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(IncidentStatus::wireName).toList();
    }
}
