package dev.vigil.cli.replay;

import java.util.Map;
import java.util.TreeMap;

/** What a replay produced: alert records by rule, and records sent to the dead-letter topic. */
public record ReplaySummary(long alerts, Map<String, Long> alertsByRule, long deadLettered) {

    public ReplaySummary {
        alertsByRule = new TreeMap<>(alertsByRule);
    }

    String describe(long events, long rejectedLines) {
        StringBuilder out = new StringBuilder(String.format("replay: %,d events, %,d alert records", events, alerts));
        if (!alertsByRule.isEmpty()) {
            out.append(' ').append(alertsByRule);
        }
        if (rejectedLines > 0) {
            out.append(String.format(", %,d malformed lines skipped", rejectedLines));
        }
        if (deadLettered > 0) {
            out.append(String.format(", %,d events dead-lettered", deadLettered));
        }
        return out.toString();
    }
}
