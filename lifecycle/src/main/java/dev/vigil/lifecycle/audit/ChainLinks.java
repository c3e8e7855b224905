package dev.vigil.lifecycle.audit;

import dev.vigil.avro.AlertLifecycleEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The lifecycle events of a topic, gathered per tenant in whatever order the partitions deliver them, then checked or
 * summed up. The topic is keyed by agentId, so a tenant's chain spreads over partitions and is followed by its links,
 * never by topic order. Events without a hash (the topology's cascade commands) are counted as unchained and are no
 * part of any chain.
 */
public final class ChainLinks {

    private final Map<String, List<ChainLink>> chained = new TreeMap<>();
    private final Set<String> tenants = new TreeSet<>();
    private long events;
    private long unchained;
    private long unreadable;
    private EventLocation firstUnreadable;

    /** Takes one event read at {@code at}. */
    public void accept(AlertLifecycleEvent event, EventLocation at) {
        events++;
        tenants.add(event.getTenantId());
        if (event.getHash() == null) {
            unchained++;
        } else {
            chained.computeIfAbsent(event.getTenantId(), t -> new ArrayList<>()).add(ChainLink.of(event, at));
        }
    }

    /** Counts a record at {@code at} that is not a lifecycle event (no value, or bytes that do not decode). */
    public void unreadable(EventLocation at) {
        unreadable++;
        if (firstUnreadable == null || EventLocation.ORDER.compare(at, firstUnreadable) < 0) {
            firstUnreadable = at;
        }
    }

    /** Follows every tenant's chain from its first event and reports the first broken link of each. */
    public AuditReport verify() {
        List<ChainBreak> breaks = new ArrayList<>();
        chained.forEach((tenant, links) -> firstBreak(links).ifPresent(breaks::add));
        return new AuditReport(events, tenants.size(), unchained, unreadable, firstUnreadable, breaks);
    }

    /**
     * The hash of each tenant's last chained event, which the tenant's next event names as its previousHash: the
     * event no other event names as predecessor. A forked chain has several such ends; the latest by occurredAt is
     * taken (verify reports the fork either way).
     */
    public Map<String, String> heads() {
        Map<String, String> heads = new HashMap<>();
        chained.forEach((tenant, links) -> {
            Set<String> named = new HashSet<>();
            links.forEach(link -> named.add(link.previousHash()));
            links.stream().filter(link -> !named.contains(link.hash()))
                    .max(Comparator.comparing(ChainLink::occurredAt).thenComparing(ChainLink::hash))
                    .ifPresent(end -> heads.put(tenant, end.hash()));
        });
        return heads;
    }

    /** Whether any tenant's chain ends in more than one event (a fork), for the writer's warning at start. */
    public Set<String> forkedTenants() {
        Set<String> forked = new TreeSet<>();
        chained.forEach((tenant, links) -> {
            Set<String> predecessors = new HashSet<>();
            for (ChainLink link : links) {
                if (!predecessors.add(String.valueOf(link.previousHash()))) {
                    forked.add(tenant);
                }
            }
        });
        return forked;
    }

    private static Optional<ChainBreak> firstBreak(List<ChainLink> links) {
        Map<String, List<ChainLink>> successors = new HashMap<>();
        for (ChainLink link : links) {
            successors.computeIfAbsent(link.previousHash(), p -> new ArrayList<>()).add(link);
        }
        successors.values().forEach(list -> list.sort(Comparator.comparing(ChainLink::at, EventLocation.ORDER)));
        Set<ChainLink> visited = new HashSet<>();
        String previous = null;
        while (true) {
            List<ChainLink> next = successors.getOrDefault(previous, List.of());
            Optional<ChainLink> tampered = next.stream().filter(link -> !link.intact()).findFirst();
            if (tampered.isPresent()) {
                return Optional.of(tamperedBreak(tampered.get()));
            }
            if (next.size() > 1) {
                return Optional.of(forkBreak(next.get(0), next.get(1), previous));
            }
            if (next.isEmpty() || !visited.add(next.get(0))) {
                break;
            }
            previous = next.get(0).hash();
        }
        return unreached(links, visited);
    }

    /** An event the walk from the first event never reached: the earliest whose predecessor is not there. */
    private static Optional<ChainBreak> unreached(List<ChainLink> links, Set<ChainLink> visited) {
        Set<String> hashes = new HashSet<>();
        links.forEach(link -> hashes.add(link.hash()));
        List<ChainLink> left = links.stream().filter(link -> !visited.contains(link))
                .sorted(Comparator.comparing(ChainLink::at, EventLocation.ORDER)).toList();
        if (left.isEmpty()) {
            return Optional.empty();
        }
        Optional<ChainLink> tampered = left.stream().filter(link -> !link.intact()).findFirst();
        if (tampered.isPresent()) {
            return Optional.of(tamperedBreak(tampered.get()));
        }
        ChainLink orphan = left.stream().filter(link -> !hashes.contains(link.previousHash())).findFirst()
                .orElse(left.get(0));
        return Optional.of(new ChainBreak(orphan.tenantId(), orphan.eventId(), orphan.at(),
                ChainBreak.Kind.MISSING_PREDECESSOR, "its previousHash " + orphan.previousHash()
                + " names no event of the tenant (deleted, or altered and re-hashed)"));
    }

    private static ChainBreak tamperedBreak(ChainLink link) {
        return new ChainBreak(link.tenantId(), link.eventId(), link.at(), ChainBreak.Kind.TAMPERED,
                "its hash " + link.hash() + " does not match its content");
    }

    private static ChainBreak forkBreak(ChainLink first, ChainLink second, String previous) {
        String what = previous == null ? "both claim to be the tenant's first event" : "both follow " + previous;
        String copy = first.hash().equals(second.hash()) ? " (the same event twice)" : "";
        return new ChainBreak(second.tenantId(), second.eventId(), second.at(), ChainBreak.Kind.FORK,
                "it and " + first.describe() + " " + what + copy);
    }
}
