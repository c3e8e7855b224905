package dev.vigil.topology.detect.latency;

import dev.vigil.topology.baseline.CappedTable;
import dev.vigil.topology.baseline.Moments;
import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;

/**
 * What {@code latency_spike} remembers of an agent: per tool (at most {@value #TOOLS}, the least recently used
 * evicted), the running mean and variance of the log of its latency over about {@value #HORIZON} calls, and the
 * current run of slow calls (how many, the fastest of them, when it started). About 33 bytes per tool: ≤ 540
 * bytes per agent, ~100–250 for an agent using three to eight tools.
 */
final class ToolLatencies implements StateSection {

    static final int TOOLS = 16;
    static final int HORIZON = 200;
    static final SectionType<ToolLatencies> SECTION = new SectionType<>("latency_spike", ToolLatencies::new, ToolLatencies::read);

    /** One tool's baseline and its current run of slow calls. */
    static final class Tool {
        Moments logLatency = new Moments();
        /** Consecutive slow calls so far (0: the last call was not slow). */
        long streak;
        /** The fastest latency of the run, in ms. */
        long streakLowMs;
        /** When the run started, epoch seconds. */
        long streakStartSecond;

        void write(StateWriter out) {
            logLatency.write(out);
            out.writeUnsigned(streak);
            if (streak > 0) {
                out.writeUnsigned(streakLowMs);
                out.writeUnsigned(streakStartSecond);
            }
        }

        static Tool read(StateReader in) {
            Tool tool = new Tool();
            tool.logLatency = Moments.read(in);
            tool.streak = in.readUnsigned();
            if (tool.streak > 0) {
                tool.streakLowMs = in.readUnsigned();
                tool.streakStartSecond = in.readUnsigned();
            }
            return tool;
        }
    }

    final CappedTable<Tool> tools;

    ToolLatencies() {
        this(new CappedTable<>(TOOLS, Tool::new));
    }

    private ToolLatencies(CappedTable<Tool> tools) {
        this.tools = tools;
    }

    @Override
    public void write(StateWriter out) {
        tools.write(out, Tool::write);
    }

    static ToolLatencies read(StateReader in) {
        return new ToolLatencies(CappedTable.read(in, TOOLS, Tool::new, Tool::read));
    }
}
