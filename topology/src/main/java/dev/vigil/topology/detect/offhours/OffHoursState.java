package dev.vigil.topology.detect.offhours;

import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;

/**
 * What {@code off_hours_activity} keeps per agent: the times of its latest off-hours requests and, for an agent
 * without a declared window, its learned {@link WeeklyRhythm}. Format: a flags byte (bit 0: the times are judged
 * against a declared window; bit 1: a rhythm follows), the {@link RecentTimes}, the rhythm. At most ~100 bytes
 * with a declared window, ~820 without.
 */
final class OffHoursState implements StateSection {

    static final SectionType<OffHoursState> SECTION = new SectionType<>("off_hours_activity", OffHoursState::new,
            OffHoursState::read);

    private static final int DECLARED = 1;
    private static final int HAS_RHYTHM = 2;

    private RecentTimes recent = new RecentTimes();
    private boolean declared;
    private WeeklyRhythm rhythm;

    /** The off-hours times, emptied when the agent switched between a declared and a learned window. */
    RecentTimes recent(boolean declaredWindow) {
        if (declaredWindow != declared) {
            recent.clear();
            declared = declaredWindow;
        }
        return recent;
    }

    /** The learned rhythm, created on first use (only agents without a declared window have one). */
    WeeklyRhythm rhythm() {
        if (rhythm == null) {
            rhythm = new WeeklyRhythm();
        }
        return rhythm;
    }

    @Override
    public void write(StateWriter out) {
        out.writeByte((declared ? DECLARED : 0) | (rhythm != null ? HAS_RHYTHM : 0));
        recent.write(out);
        if (rhythm != null) {
            rhythm.write(out);
        }
    }

    static OffHoursState read(StateReader in) {
        OffHoursState state = new OffHoursState();
        int flags = in.readByte();
        state.declared = (flags & DECLARED) != 0;
        state.recent = RecentTimes.read(in);
        if ((flags & HAS_RHYTHM) != 0) {
            state.rhythm = WeeklyRhythm.read(in);
        }
        return state;
    }
}
