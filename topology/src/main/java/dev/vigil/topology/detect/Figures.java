package dev.vigil.topology.detect;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The figures of findings as text: exact decimal text for the {@code observed} and {@code baseline} maps (a
 * double is rounded half-up at a fixed scale through {@link BigDecimal}, never printed with
 * {@code Double.toString}), and shorter forms for descriptions.
 */
public final class Figures {

    private Figures() {
    }

    /** {@code value} rounded half-up to {@code scale} decimals, e.g. {@code 5.30}. */
    public static String decimal(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    /** A ratio for a sentence: one decimal ({@code 5.3}). */
    public static String ratio(double value) {
        return decimal(value, 1);
    }

    /** A typical amount for a sentence: whole from 10 up ({@code 40}), one decimal below ({@code 2.5}). */
    public static String amount(double value) {
        return decimal(value, Math.abs(value) >= 10 ? 0 : 1);
    }

    /** A share as a whole percentage ({@code 45%}), with one decimal under 10% ({@code 5.5%}). */
    public static String percent(double share) {
        double percent = share * 100;
        return decimal(percent, Math.abs(percent) >= 10 ? 0 : 1) + "%";
    }
}
