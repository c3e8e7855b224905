package dev.vigil.notifier.dispatch;

import dev.vigil.core.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code sends} sends per {@code per} to one channel, as a token bucket: full at start, refilled evenly (120
 * per minute is one every 500 ms), never holding more than {@code sends}. Text form {@code 120/1m}.
 */
public record RateBudget(int sends, Duration per) {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,6})\\s*/\\s*(\\S+)\\s*");

    public RateBudget {
        if (sends < 1) {
            throw new IllegalArgumentException("a rate budget allows at least 1 send: " + sends);
        }
        if (per.compareTo(Duration.ofSeconds(1)) < 0 || per.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("a rate budget's period is from 1s to 1d: " + per);
        }
    }

    /** {@code 120/1m}; an {@link IllegalArgumentException} says what is wrong. */
    public static RateBudget parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("write a rate budget as sends/period, e.g. 120/1m: \"" + text + "\"");
        }
        return new RateBudget(Integer.parseInt(m.group(1)), Durations.parse(m.group(2)));
    }

    @Override
    public String toString() {
        long seconds = per.toSeconds();
        String period = seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
        return sends + "/" + period;
    }

    /** The mutable bucket of one channel. */
    static final class Bucket {
        private final RateBudget budget;
        private double tokens;
        private Instant last;

        Bucket(RateBudget budget, Instant now) {
            this.budget = budget;
            this.tokens = budget.sends();
            this.last = now;
        }

        /** Takes one send if the budget allows it now. */
        boolean tryTake(Instant now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        /** When the next send will be allowed. */
        Instant nextAllowed(Instant now) {
            refill(now);
            if (tokens >= 1) {
                return now;
            }
            double perToken = (double) budget.per().toNanos() / budget.sends();
            return now.plusNanos((long) Math.ceil((1 - tokens) * perToken));
        }

        private void refill(Instant now) {
            if (now.isAfter(last)) {
                double added = (double) Duration.between(last, now).toNanos() * budget.sends() / budget.per().toNanos();
                tokens = Math.min(budget.sends(), tokens + added);
                last = now;
            }
        }
    }
}
