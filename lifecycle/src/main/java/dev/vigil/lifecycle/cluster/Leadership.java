package dev.vigil.lifecycle.cluster;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance leads writes, noticing when it becomes the leader: then {@code onGain} runs before the
 * write that noticed it (the chaining writer re-reads the chain heads, since another leader may have written
 * meanwhile). A rebalance may take the lead away and give it back between two writes of this instance, so every
 * rebalance makes this instance forget that it led ({@link #forget}): its next write as leader counts as a gain.
 */
public final class Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final Supplier<Optional<HostInfo>> leader;
    private final HostInfo self;
    private final Runnable onGain;
    private boolean led;

    /** @param leader the current leader, empty while unknown ({@link ClusterMembers#leader}) */
    public Leadership(Supplier<Optional<HostInfo>> leader, HostInfo self, Runnable onGain) {
        this.leader = leader;
        this.self = self;
        this.onGain = onGain;
    }

    /** The current leader, empty while unknown; runs {@code onGain} first when it has just become this instance. */
    public synchronized Optional<HostInfo> leader() {
        Optional<HostInfo> now = leader.get();
        boolean leads = now.isPresent() && now.get().equals(self);
        if (leads && !led) {
            LOG.info("This instance ({}:{}) now leads lifecycle writes; the audit chain heads are read again before "
                    + "its next write", self.host(), self.port());
            onGain.run();
        }
        led = leads;
        return now;
    }

    /** Whether this instance leads writes now. */
    public boolean leads() {
        return leader().filter(self::equals).isPresent();
    }

    public HostInfo self() {
        return self;
    }

    /** A rebalance began: whatever this instance led before, its next lead is a new one. */
    public synchronized void forget() {
        led = false;
    }
}
