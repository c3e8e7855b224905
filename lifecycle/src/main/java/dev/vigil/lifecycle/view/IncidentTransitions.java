package dev.vigil.lifecycle.view;

import java.util.Optional;

/**
 * The legal moves of an incident: forward only along {@code open → investigating → contained → closed}, skipping
 * ahead allowed ({@code open → contained}); never backwards, never to the status it already has, nothing out of
 * {@code closed}. A note alone (no status) is allowed in every status, closed included, so that what was learnt
 * afterwards can be recorded. One table for both sides: the API refuses an illegal update with 409 before writing,
 * and the incident view ignores an illegal event that reaches the topic anyway, so both always agree.
 */
public final class IncidentTransitions {

    private IncidentTransitions() {
    }

    /**
     * Why an update to {@code to} is refused for an incident in {@code from}, as one sentence for a 409 or a log
     * line; empty when it is allowed. {@code to} null is a note alone.
     */
    public static Optional<String> refusal(IncidentStatus from, IncidentStatus to) {
        if (to == null) {
            return Optional.empty();
        }
        if (from == IncidentStatus.CLOSED) {
            return Optional.of("the incident is closed; a closed incident does not move again (a note alone is "
                    + "still accepted)");
        }
        if (to == from) {
            return Optional.of("the incident is already " + from.wireName());
        }
        if (to.compareTo(from) < 0) {
            return Optional.of("cannot move an incident back from " + from.wireName() + " to " + to.wireName()
                    + "; incidents move forward only: open → investigating → contained → closed");
        }
        return Optional.empty();
    }

    public static boolean allows(IncidentStatus from, IncidentStatus to) {
        return refusal(from, to).isEmpty();
    }
}
