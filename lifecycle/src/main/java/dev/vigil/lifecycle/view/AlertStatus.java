package dev.vigil.lifecycle.view;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Where an alert stands with the people handling it. Written in lower case on the API and in the view store. */
public enum AlertStatus {
    OPEN, ACKNOWLEDGED, RESOLVED;

    /** The name on the wire: {@code open}, {@code acknowledged}, {@code resolved}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status written {@code name} on the wire (exact, lower case), if there is one. */
    public static Optional<AlertStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(AlertStatus::wireName).toList();
    }
}
