package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentFilter;
import dev.vigil.lifecycle.view.IncidentViewReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The incident view of the whole group of lifecycle instances, read as {@link ClusterAlertViewReader} reads alerts.
 * The incident view lives in the same tasks as the alert view (it folds the same two topics, keyed by agentId), so
 * the instances that hold a part of one hold the same part of the other ({@link ClusterMembers#others}).
 *
 * <ul>
 *   <li>{@code get}: the local store first, then each other instance, stopping at the first that has it (an
 *       incidentId is a digest: it does not say which agent, hence which partition).</li>
 *   <li>{@code list}: each instance answers its own best {@code limit} incidents after the page position; merging
 *       the pages by {@link IncidentFilter#ORDER} and keeping {@code limit} gives exactly the page one store holding
 *       every incident would give, so the public cursor pages unchanged.</li>
 * </ul>
 * An instance that cannot answer fails the read ({@link dev.vigil.lifecycle.view.ViewUnavailableException}, a 503
 * naming it), never a silently shorter list.
 */
public final class ClusterIncidentViewReader implements IncidentViewReader {

    private final IncidentViewReader local;
    private final Supplier<List<Member>> others;
    private final IncidentPeers peers;

    /**
     * @param local  this instance's store
     * @param others the other instances that host a part of the view, read at each call (the group changes)
     */
    public ClusterIncidentViewReader(IncidentViewReader local, Supplier<List<Member>> others, IncidentPeers peers) {
        this.local = local;
        this.others = others;
        this.peers = peers;
    }

    @Override
    public Optional<Incident> get(String incidentId) {
        Optional<Incident> here = local.get(incidentId);
        if (here.isPresent()) {
            return here;
        }
        for (Member member : others.get()) {
            Optional<Incident> there = peers.incident(member, incidentId);
            if (there.isPresent()) {
                return there;
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Incident> list(IncidentFilter filter) {
        List<Member> members = others.get();
        List<List<Incident>> pages = new ArrayList<>();
        pages.add(local.list(filter));
        for (Member member : members) {
            pages.add(peers.incidents(member, filter));
        }
        return merge(pages, filter.limit());
    }

    /**
     * The best {@code limit} incidents of the pages, in {@link IncidentFilter#ORDER}; an incident on two pages (a
     * partition caught mid-move) counts once.
     */
    static List<Incident> merge(List<List<Incident>> pages, int limit) {
        Set<String> seen = new HashSet<>();
        return pages.stream().flatMap(List::stream).sorted(IncidentFilter.ORDER)
                .filter(incident -> seen.add(incident.incidentId()))
                .limit(limit)
                .toList();
    }
}
