package dev.vigil.topology.detect.payload;

import dev.vigil.topology.baseline.CappedTable;
import dev.vigil.topology.baseline.Moments;
import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;

/**
 * What {@code unusual_payload_size} remembers of an agent: per tool and capability (at most {@value #KEYS}, the
 * least recently used evicted), the running mean and variance of the log of its payload sizes over about
 * {@value #HORIZON} calls. About 26 bytes per key: ≤ 420 bytes per agent.
 */
final class PayloadSizes implements StateSection {

    static final int KEYS = 16;
    static final int HORIZON = 200;
    static final SectionType<PayloadSizes> SECTION = new SectionType<>("unusual_payload_size", PayloadSizes::new, PayloadSizes::read);

    final CappedTable<Moments> byTool;

    PayloadSizes() {
        this(new CappedTable<>(KEYS, Moments::new));
    }

    private PayloadSizes(CappedTable<Moments> byTool) {
        this.byTool = byTool;
    }

    @Override
    public void write(StateWriter out) {
        byTool.write(out, Moments::write);
    }

    static PayloadSizes read(StateReader in) {
        return new PayloadSizes(CappedTable.read(in, KEYS, Moments::new, Moments::read));
    }
}
