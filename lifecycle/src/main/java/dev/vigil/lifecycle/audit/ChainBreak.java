package dev.vigil.lifecycle.audit;

/** The first broken link of one tenant's chain: the event where the chain stops being trustworthy, and why. */
public record ChainBreak(String tenantId, String eventId, EventLocation at, Kind kind, String detail) {

    /** Why a link is broken. */
    public enum Kind {
        /** The event's hash is not the hash of its content: it was changed after it was written. */
        TAMPERED,
        /** The event's previousHash names no event of its tenant: its predecessor was deleted (or altered and re-hashed). */
        MISSING_PREDECESSOR,
        /** Two events claim the same predecessor: a second writer, or an event copied into the chain. */
        FORK
    }

    /** One line for an operator: tenant, event, where it is, what is wrong. */
    public String describe() {
        return "tenant " + tenantId + ": event " + eventId + " at " + at + ": " + kind.name().toLowerCase().replace('_', ' ')
                + ": " + detail;
    }
}
