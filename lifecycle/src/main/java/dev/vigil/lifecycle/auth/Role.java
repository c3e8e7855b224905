package dev.vigil.lifecycle.auth;

import java.util.Locale;

/** What a key may do, each role including the ones before it. */
public enum Role {
    /** Read alerts, rules, channels, silences. */
    VIEWER,
    /** Also acknowledge, resolve and otherwise act on alerts and agents. */
    RESPONDER,
    /** Also change rules, channels and silences. */
    ADMIN;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be viewer, responder or admin: \"" + text + "\"");
        }
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
