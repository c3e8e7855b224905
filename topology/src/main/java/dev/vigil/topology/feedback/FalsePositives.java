package dev.vigil.topology.feedback;

import dev.vigil.topology.detect.Param;
import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@code false_positive} resolution does: the resolved alert's rule stays quiet for that agent for
 * {@link #QUIET} (24 h by default) of event time — its findings are dropped, counted on
 * {@code vigil_findings_quieted_total} — while the rule's baseline, no longer held by an open alert, learns the
 * behaviour that was judged normal. After the quiet period the rule judges the agent against that baseline again. A
 * resolution of another kind ({@code true_positive}, {@code benign}) only closes the alert.
 *
 * <p>An agent's state section: rule id → end of its quiet period, at most {@value #MAX_RULES} rules (the one ending
 * first gives way), ended periods dropped when the section is written.
 */
public final class FalsePositives implements StateSection {

    public static final Param<Duration> QUIET = Param.duration("feedback", "false-positive-quiet", "24h", Duration.ZERO,
            Duration.ofDays(30), "how long a rule stays quiet for an agent after one of its alerts on that agent was resolved "
                    + "as a false positive (0: not at all).");
    public static final SectionType<FalsePositives> SECTION = new SectionType<>("fp_quiet", FalsePositives::new,
            FalsePositives::read);
    static final int MAX_RULES = 64;

    private final TreeMap<String, Long> quietUntil = new TreeMap<>();

    public static List<Param<?>> parameters() {
        return List.of(QUIET);
    }

    /** Quiets {@code ruleId} until {@code until} (epoch ms); a later end already set is kept. */
    public void quiet(String ruleId, long until) {
        quietUntil.merge(ruleId, until, Math::max);
        while (quietUntil.size() > MAX_RULES) {
            String first = quietUntil.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            quietUntil.remove(first);
        }
    }

    /** True while {@code ruleId} is quiet at {@code time}. */
    public boolean isQuiet(String ruleId, long time) {
        Long until = quietUntil.get(ruleId);
        return until != null && time < until;
    }

    @Override
    public void write(StateWriter out) {
        out.writeUnsigned(quietUntil.size());
        quietUntil.forEach((rule, until) -> {
            out.writeString(rule);
            out.writeSigned(until);
        });
    }

    static FalsePositives read(StateReader in) {
        FalsePositives f = new FalsePositives();
        int n = in.readCount(MAX_RULES, "quiet rules");
        for (int i = 0; i < n; i++) {
            f.quietUntil.put(in.readString(), in.readSigned());
        }
        return f;
    }
}
