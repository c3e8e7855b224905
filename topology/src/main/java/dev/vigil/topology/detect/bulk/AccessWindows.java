package dev.vigil.topology.detect.bulk;

import dev.vigil.topology.baseline.Moments;
import dev.vigil.topology.baseline.Tumbling;
import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;

/**
 * What {@code bulk_access} remembers of an agent: the bytes and the records its tool calls moved in the current
 * 15-minute window, whether that window already fired, and the running mean and variance of the log of both over
 * about {@value #HORIZON} earlier windows that moved any. About 70 bytes per agent.
 */
final class AccessWindows implements StateSection {

    static final int HORIZON = 200;
    static final SectionType<AccessWindows> SECTION = new SectionType<>("bulk_access", AccessWindows::new, AccessWindows::read);

    Tumbling bytes = new Tumbling();
    Tumbling records = new Tumbling();
    Moments logBytes = new Moments();
    Moments logRecords = new Moments();

    @Override
    public void write(StateWriter out) {
        bytes.write(out);
        records.write(out);
        logBytes.write(out);
        logRecords.write(out);
    }

    static AccessWindows read(StateReader in) {
        AccessWindows windows = new AccessWindows();
        windows.bytes = Tumbling.read(in);
        windows.records = Tumbling.read(in);
        windows.logBytes = Moments.read(in);
        windows.logRecords = Moments.read(in);
        return windows;
    }
}
