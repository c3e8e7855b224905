package dev.vigil.lifecycle.audit;

import dev.vigil.avro.AlertLifecycleEvent;
import java.time.Instant;

/**
 * What verification keeps of one chained event: its identity, its two chain fields, whether its hash matches its
 * content (computed once, when it is read) and where it is. The event itself is not kept.
 */
record ChainLink(String tenantId, String eventId, String hash, String previousHash, boolean intact, Instant occurredAt,
                 EventLocation at) {

    static ChainLink of(AlertLifecycleEvent event, EventLocation at) {
        return new ChainLink(event.getTenantId(), event.getEventId(), event.getHash(), event.getPreviousHash(),
                AuditChain.intact(event), event.getOccurredAt(), at);
    }

    String describe() {
        return "event " + eventId + " at " + at;
    }
}
