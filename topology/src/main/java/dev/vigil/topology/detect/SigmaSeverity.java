package dev.vigil.topology.detect;

import dev.vigil.avro.Severity;

/**
 * Severity and score of a behaviour rule graded by how far a figure is above its baseline in standard
 * deviations (z): {@value #HIGH_Z} or more is high, {@value #MEDIUM_Z} or more medium, less low. Within a band
 * the score climbs with z: from the rule's firing threshold to 4 in the low band, 4 to 6 in the medium band,
 * 6 to {@value #TOP_Z} in the high band (and the top of it beyond).
 */
public final class SigmaSeverity {

    public static final double MEDIUM_Z = 4;
    public static final double HIGH_Z = 6;
    static final double TOP_Z = 12;

    private SigmaSeverity() {
    }

    public static Severity of(double z) {
        if (z >= HIGH_Z) {
            return Severity.high;
        }
        return z >= MEDIUM_Z ? Severity.medium : Severity.low;
    }

    /** The score of {@code z} for a rule that fires from {@code minZ}. */
    public static int score(double z, double minZ) {
        Severity severity = of(z);
        double strength = switch (severity) {
            case high -> (z - HIGH_Z) / (TOP_Z - HIGH_Z);
            case medium -> (z - MEDIUM_Z) / (HIGH_Z - MEDIUM_Z);
            default -> minZ >= MEDIUM_Z ? 0 : (z - minZ) / (MEDIUM_Z - minZ);
        };
        return Score.of(severity, strength);
    }
}
