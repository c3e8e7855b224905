package dev.vigil.topology.detect.capability;

import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;

/**
 * What {@code capability_escalation} remembers of an agent, in one byte: the highest capability level it has
 * used and that is accepted ({@code learned}), and the highest level reported while its alert is open
 * ({@code reported}). Levels are 1 read, 2 write, 3 delete, 4 admin; 0 is none. Written as
 * {@code learned | reported << 3}.
 */
final class CapabilityLevels implements StateSection {

    static final SectionType<CapabilityLevels> SECTION =
            new SectionType<>("capability_escalation", CapabilityLevels::new, CapabilityLevels::read);

    static final int NONE = 0;
    static final int MAX_LEVEL = 4;

    private int learned;
    private int reported;

    int learned() {
        return learned;
    }

    int reported() {
        return reported;
    }

    void learn(int level) {
        learned = Math.max(learned, level);
    }

    void report(int level) {
        reported = Math.max(reported, level);
    }

    /** The reported level becomes accepted (its alert was resolved). */
    void acceptReported() {
        learn(reported);
        reported = NONE;
    }

    @Override
    public void write(StateWriter out) {
        out.writeByte(learned | reported << 3);
    }

    static CapabilityLevels read(StateReader in) {
        int packed = in.readByte();
        CapabilityLevels levels = new CapabilityLevels();
        levels.learned = packed & 0x7;
        levels.reported = packed >>> 3;
        if (levels.learned > MAX_LEVEL || levels.reported > MAX_LEVEL) {
            throw in.corrupt("capability levels out of range: " + packed);
        }
        return levels;
    }
}
