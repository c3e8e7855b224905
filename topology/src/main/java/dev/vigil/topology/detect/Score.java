package dev.vigil.topology.detect;

import dev.vigil.avro.Severity;

/**
 * The 0–100 score of an alert, always inside its severity's band, so that sorting by score never contradicts
 * sorting by severity: low 10–39, medium 40–69, high 70–89, critical 90–100. Within a band, the detector's
 * {@code strength} (0: just over its threshold, 1: as strong as it gets) places the score. A rule violation is
 * certain, so it scores the top of its band.
 */
public final class Score {

    private Score() {
    }

    public static int of(Severity severity, double strength) {
        double s = Double.isNaN(strength) ? 0 : Math.max(0, Math.min(1, strength));
        return floor(severity) + (int) Math.round(s * (ceiling(severity) - floor(severity)));
    }

    /** The score of a certain violation: the top of the band. */
    public static int certain(Severity severity) {
        return ceiling(severity);
    }

    /** The score of a finding made while the agent calibrates: the bottom of its band. */
    public static int calibrating(Severity severity) {
        return floor(severity);
    }

    public static boolean consistent(Severity severity, int score) {
        return score >= floor(severity) && score <= ceiling(severity);
    }

    static int floor(Severity severity) {
        return switch (severity) {
            case low -> 10;
            case medium -> 40;
            case high -> 70;
            case critical -> 90;
        };
    }

    static int ceiling(Severity severity) {
        return switch (severity) {
            case low -> 39;
            case medium -> 69;
            case high -> 89;
            case critical -> 100;
        };
    }
}
