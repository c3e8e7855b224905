package dev.vigil.lifecycle.audit;

import java.util.List;

/**
 * What verification found: how many lifecycle events were read ({@code unchained} of them without a hash, such as the
 * topology's cascade commands), of how many tenants, how many records were not lifecycle events at all, and the first
 * broken link of each tenant whose chain is broken (in tenant order).
 */
public record AuditReport(long events, int tenants, long unchained, long unreadable, EventLocation firstUnreadable,
                          List<ChainBreak> breaks) {

    public AuditReport {
        breaks = List.copyOf(breaks);
    }

    public boolean intact() {
        return breaks.isEmpty();
    }

    /** "chain intact, N events (M tenants, K unchained)", or how many tenants' chains are broken. */
    public String summary() {
        String counts = events + (events == 1 ? " event (" : " events (") + tenants + (tenants == 1 ? " tenant, " : " tenants, ") + unchained + " unchained)";
        return intact() ? "chain intact, " + counts
                : "chain broken in " + breaks.size() + " of " + tenants + (tenants == 1 ? " tenant" : " tenants") + ", " + counts;
    }
}
