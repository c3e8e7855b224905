package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.view.NotificationEntry;
import dev.vigil.lifecycle.view.NotificationViewReader;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The delivery ledger view of the whole group of lifecycle instances. Unlike an alert or an incident, an alert's
 * ledger records are keyed by alertId on {@code vigil.notifications.v1}, so Kafka Streams' metadata says which
 * instance hosts them ({@link ClusterMembers#hostOfNotifications}): one store is read, this instance's or the one
 * other instance's, never a search. That instance failing to answer fails the read
 * ({@link dev.vigil.lifecycle.view.ViewUnavailableException}, a 503), never a timeline silently without its
 * deliveries.
 */
public final class ClusterNotificationViewReader implements NotificationViewReader {

    private final NotificationViewReader local;
    private final Function<String, Optional<Member>> hostOf;
    private final NotificationPeers peers;

    /**
     * @param local  this instance's store
     * @param hostOf the other instance hosting an alertId's records; empty when it is this one
     */
    public ClusterNotificationViewReader(NotificationViewReader local, Function<String, Optional<Member>> hostOf,
                                         NotificationPeers peers) {
        this.local = local;
        this.hostOf = hostOf;
        this.peers = peers;
    }

    @Override
    public List<NotificationEntry> get(String alertId) {
        Optional<Member> host = hostOf.apply(alertId);
        return host.isEmpty() ? local.get(alertId) : peers.notifications(host.get(), alertId);
    }
}
