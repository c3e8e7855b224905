package dev.vigil.notifier;

import java.time.Duration;

/** Durations in messages, written the way configuration takes them ({@code 7d}, {@code 36h}, {@code 90s}). */
public final class DurationText {

    private DurationText() {
    }

    /** The shortest exact one of {@code Nd}, {@code Nh}, {@code Nm}, {@code Ns}, {@code Nms}. */
    public static String of(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.getNano() % 1_000_000 != 0 || d.isNegative()) {
            return d.toString();
        }
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3_600 == 0 ? s / 3_600 + "h"
                : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
