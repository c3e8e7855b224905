package dev.vigil.topology.breaker;

import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The agents this agent delegated to (its {@code delegation create} events, minus its {@code revoke}s), so that
 * halting or killing it can cascade to them. Capped at {@value #MAX_CHILDREN}: past that, the oldest-named child is
 * dropped and a cascade would miss it — an agent with more live children than that is itself an anomaly
 * ({@code delegation_anomaly}). At most ~64 × the id length bytes.
 */
public final class Children implements StateSection {

    public static final int MAX_CHILDREN = 64;
    public static final SectionType<Children> SECTION = new SectionType<>("children", Children::new, Children::read);

    private final TreeSet<String> ids = new TreeSet<>();

    public void add(String childId) {
        ids.add(childId);
        while (ids.size() > MAX_CHILDREN) {
            ids.pollFirst();
        }
    }

    public void remove(String childId) {
        ids.remove(childId);
    }

    public SortedSet<String> ids() {
        return Collections.unmodifiableSortedSet(ids);
    }

    @Override
    public void write(StateWriter out) {
        out.writeUnsigned(ids.size());
        ids.forEach(out::writeString);
    }

    static Children read(StateReader in) {
        Children children = new Children();
        int n = in.readCount(MAX_CHILDREN, "child agent");
        for (int i = 0; i < n; i++) {
            children.ids.add(in.readString());
        }
        return children;
    }
}
