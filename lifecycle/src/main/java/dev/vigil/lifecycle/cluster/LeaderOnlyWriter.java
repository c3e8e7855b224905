package dev.vigil.lifecycle.cluster;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.lifecycle.command.LifecycleEventWriter;
import dev.vigil.lifecycle.command.WriteFailedException;

/**
 * Lets a lifecycle event through to the chaining writer only while this instance leads writes. Requests are
 * forwarded to the leader before they reach a command; this is the last check, just before the write, for a lead
 * lost in between (a rebalance during the request), so that two instances do not extend a tenant's chain at once.
 */
public final class LeaderOnlyWriter implements LifecycleEventWriter {

    private final LifecycleEventWriter chain;
    private final Leadership leadership;

    public LeaderOnlyWriter(LifecycleEventWriter chain, Leadership leadership) {
        this.chain = chain;
        this.leadership = leadership;
    }

    @Override
    public void write(AlertLifecycleEvent event) {
        if (!leadership.leads()) {
            throw new WriteFailedException("this instance stopped leading lifecycle writes before event "
                    + event.getEventId() + " was written; nothing was written", null,
                    "The instance that writes lifecycle events changed; nothing was written; repeat the command");
        }
        chain.write(event);
    }
}
