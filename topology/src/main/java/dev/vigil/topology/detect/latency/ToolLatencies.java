package dev.vigil.topology.detect.latency;

import dev.vigil.topology.baseline.CappedTable;
import dev.vigil.topology.baseline.Moments;
import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;

/**
 * What {@code latency_spike} remembers of an agent: per tool action (at most {@value #TOOLS}, the least recently used
 * evicted), the running mean and variance of the log of its latency over about {@value #HORIZON} calls, which of its
 * last calls were slow (a bit each), and the current episode of slow calls (how many, whether it fired, the
 * fastest, when it began). 28 bytes per tool action, up to 40 during an episode: ≤ 650 bytes per agent.
 */
final class ToolLatencies implements StateSection {

    static final int TOOLS = 16;
    static final int HORIZON = 200;
    static final SectionType<ToolLatencies> SECTION = new SectionType<>("latency_spike", ToolLatencies::new, ToolLatencies::read);

    /** One tool action's baseline, its last calls (slow or not) and the current episode of slow calls. */
    static final class Tool {
        Moments logLatency = new Moments();
        /** One bit per recent call, newest lowest: 1 = slow. */
        long recent;
        /** Slow calls since the episode began (its first slow call); 0 = no episode. */
        long episodeSlow;
        /** True once the episode fired: its slow calls are then never learned. */
        boolean episodeFired;
        /** The fastest slow call of the episode, in ms. */
        long episodeLowMs;
        /** When the episode began, epoch seconds. */
        long episodeStartSecond;

        void write(StateWriter out) {
            logLatency.write(out);
            out.writeUnsigned(recent);
            out.writeUnsigned(episodeSlow);
            if (episodeSlow > 0) {
                out.writeByte(episodeFired ? 1 : 0);
                out.writeUnsigned(episodeLowMs);
                out.writeUnsigned(episodeStartSecond);
            }
        }

        static Tool read(StateReader in) {
            Tool tool = new Tool();
            tool.logLatency = Moments.read(in);
            tool.recent = in.readUnsigned();
            tool.episodeSlow = in.readUnsigned();
            if (tool.episodeSlow > 0) {
                tool.episodeFired = in.readByte() != 0;
                tool.episodeLowMs = in.readUnsigned();
                tool.episodeStartSecond = in.readUnsigned();
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
