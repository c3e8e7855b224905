package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.AlertFilter;
import dev.vigil.lifecycle.view.AlertSummary;
import dev.vigil.lifecycle.view.AlertView;
import dev.vigil.lifecycle.view.AlertViewReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The alert view of the whole group of lifecycle instances: this instance's store plus every other instance's, asked
 * over HTTP ({@link Peers}). Which instances hold a part comes from Kafka Streams' metadata ({@link ClusterMembers}).
 *
 * <ul>
 *   <li>{@code get}: the local store first, then each other instance, stopping at the first that has the alert (an
 *       alertId does not say which agent, hence which partition, it belongs to).</li>
 *   <li>{@code list}: each instance answers its own best {@code limit} views after the page position; the best
 *       {@code limit} of the whole group are among them, so merging the pages by {@link AlertFilter#ORDER} and keeping
 *       {@code limit} gives exactly the page one store holding everything would give.</li>
 *   <li>{@code forEach}: the local store, then every other instance partition by partition in pages of {@value #PAGE}
 *       by alertId, so the walk is one pass over each partition.</li>
 * </ul>
 * An instance that cannot answer fails the whole read ({@link dev.vigil.lifecycle.view.ViewUnavailableException},
 * a 503 naming it): never a list that silently lacks part of the alerts.
 */
public final class ClusterAlertViewReader implements AlertViewReader {

    static final int PAGE = 1000;

    private final AlertViewReader local;
    private final Supplier<List<Member>> others;
    private final Peers peers;

    /**
     * @param local  this instance's store
     * @param others the other instances that host a part of the view, read at each call (the group changes)
     */
    public ClusterAlertViewReader(AlertViewReader local, Supplier<List<Member>> others, Peers peers) {
        this.local = local;
        this.others = others;
        this.peers = peers;
    }

    @Override
    public Optional<AlertView> get(String alertId) {
        Optional<AlertView> here = local.get(alertId);
        if (here.isPresent()) {
            return here;
        }
        for (Member member : others.get()) {
            Optional<AlertView> there = peers.get(member, alertId);
            if (there.isPresent()) {
                return there;
            }
        }
        return Optional.empty();
    }

    @Override
    public List<AlertView> list(AlertFilter filter) {
        List<Member> members = others.get();
        List<List<AlertView>> pages = new ArrayList<>();
        pages.add(local.list(filter));
        for (Member member : members) {
            pages.add(peers.list(member, filter));
        }
        return merge(pages, filter.limit());
    }

    @Override
    public void forEach(Consumer<AlertView> visitor) {
        List<Member> members = others.get();
        local.forEach(visitor);
        forEachRemote(members, visitor);
    }

    /**
     * This instance's summaries from its index, the other instances' from their views page by page (an internal
     * route for summaries would make those cheap too).
     */
    @Override
    public void summaries(AlertFilter filter, Consumer<AlertSummary> visitor) {
        List<Member> members = others.get();
        local.summaries(filter, visitor);
        forEachRemote(members, view -> {
            AlertSummary summary = AlertSummary.of(view);
            if (summary.matches(filter)) {
                visitor.accept(summary);
            }
        });
    }

    /** Every view the other instances host, partition by partition, page by page. */
    private void forEachRemote(List<Member> members, Consumer<AlertView> visitor) {
        for (Member member : members) {
            for (int partition : member.partitions().stream().sorted().toList()) {
                String after = null;
                List<AlertView> page;
                do {
                    page = peers.page(member, partition, after, PAGE);
                    page.forEach(visitor);
                    after = page.isEmpty() ? after : page.get(page.size() - 1).alertId();
                } while (page.size() == PAGE);
            }
        }
    }

    /**
     * The best {@code limit} views of the pages, in {@link AlertFilter#ORDER}; an alert on two pages (a partition
     * caught mid-move) counts once.
     */
    static List<AlertView> merge(List<List<AlertView>> pages, int limit) {
        Set<String> seen = new HashSet<>();
        return pages.stream().flatMap(List::stream).sorted(AlertFilter.ORDER)
                .filter(view -> seen.add(view.alertId()))
                .limit(limit)
                .toList();
    }
}
