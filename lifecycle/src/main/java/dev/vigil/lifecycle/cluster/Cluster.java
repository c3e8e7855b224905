package dev.vigil.lifecycle.cluster;

import dev.vigil.lifecycle.command.LifecycleEventWriter;
import dev.vigil.lifecycle.view.AlertViewReader;
import dev.vigil.lifecycle.view.IncidentViewReader;
import dev.vigil.lifecycle.view.NotificationViewReader;
import dev.vigil.lifecycle.view.ViewUnavailableException;
import io.javalin.Javalin;
import java.net.http.HttpClient;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle instances as one service: reads see every instance's part of the partitioned views
 * ({@link ClusterAlertViewReader}, {@link ClusterIncidentViewReader}, {@link ClusterNotificationViewReader}),
 * changes go to the one instance that leads writes ({@link WriteForwarder}, {@link LeaderOnlyWriter}), and the
 * instances answer each other on internal routes ({@link ClusterRoutes}). The one front the app wires; README
 * "Running several lifecycle instances" explains the choice.
 *
 * <p>An instance that others cannot reach (no advertised URL, see {@link ClusterSettings}) runs alone exactly as a
 * single instance did: its local store, its own writes, and internal routes that answer only the right secret.
 */
public final class Cluster {

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

    private final ClusterSettings settings;
    private final ClusterMembers members;
    private final Leadership leadership;
    private final LocalViews readers;
    private final ClusterRoutes routes;
    private final WriteForwarder forwarder;

    private Cluster(ClusterSettings settings, ClusterMembers members, Leadership leadership, LocalViews readers,
                    ClusterRoutes routes, WriteForwarder forwarder) {
        this.settings = settings;
        this.members = members;
        this.leadership = leadership;
        this.readers = readers;
        this.routes = routes;
        this.forwarder = forwarder;
    }

    /**
     * @param local               this instance's stores
     * @param alertsTopic         the alert view's source topic
     * @param onLeadershipGained  run when this instance becomes the write leader, before its first write as such
     *                            (the chaining writer's {@code resume})
     */
    public static Cluster of(ClusterSettings settings, KafkaStreams streams, LocalViews local, String alertsTopic,
                             Runnable onLeadershipGained) {
        ClusterRoutes routes = new ClusterRoutes(local, new LocalPartitionPages(streams), settings.secret());
        if (!settings.enabled()) {
            LOG.info("This lifecycle instance runs alone: HTTP port 0 and no vigil.lifecycle.advertised-url, so no "
                    + "other instance can reach it");
            return new Cluster(settings, null, null, local, routes, null);
        }
        ClusterMembers members = new ClusterMembers(streams, settings.self(), alertsTopic);
        Leadership leadership = new Leadership(members::leader, settings.self(), onLeadershipGained);
        HttpClient client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        HttpPeers peers = new HttpPeers(client, settings::urlOf, settings.secret(), settings.requestTimeout());
        LocalViews readers = new LocalViews(new ClusterAlertViewReader(local.alerts(), members::others, peers),
                new ClusterIncidentViewReader(local.incidents(), members::others, peers),
                new ClusterNotificationViewReader(local.notifications(), members::hostOfNotifications, peers));
        WriteForwarder forwarder = new WriteForwarder(leadership, settings::urlOf, settings.secret(), client,
                settings.forwardTimeout());
        LOG.info("This lifecycle instance is reachable by the others at {} (application.server {}); cluster secret {}",
                settings.advertised().orElseThrow(), settings.applicationServer().orElseThrow(),
                settings.secret().configured() ? "set" : "unset (internal calls refused)");
        return new Cluster(settings, members, leadership, readers, routes, forwarder);
    }

    /** The alert view of every instance. */
    public AlertViewReader reader() {
        return readers.alerts();
    }

    /** The incident view of every instance. */
    public IncidentViewReader incidentReader() {
        return readers.incidents();
    }

    /** The delivery ledger view of every instance: an alert's records from the instance that hosts them. */
    public NotificationViewReader notificationReader() {
        return readers.notifications();
    }

    /** {@code chain}, letting events through only while this instance leads writes. */
    public LifecycleEventWriter writer(LifecycleEventWriter chain) {
        return leadership == null ? chain : new LeaderOnlyWriter(chain, leadership);
    }

    /** The internal routes and, when instances may be several, the forwarding of changes; after the API key check. */
    public void register(Javalin app) {
        routes.register(app);
        if (forwarder != null) {
            forwarder.register(app);
        }
    }

    /** Kafka Streams' state listener: a rebalance may move the write lead. */
    public void onStateChange(KafkaStreams.State now, KafkaStreams.State before) {
        if (leadership != null && now == KafkaStreams.State.REBALANCING) {
            leadership.forget();
        }
    }

    /** Null when the instances can work together, otherwise why not (for {@code /health}). */
    public String problem() {
        return members == null ? null : secretProblem(settings.secret(), members::others);
    }

    /** Why several instances cannot work together without a secret; null when one is set or this one is alone. */
    static String secretProblem(ClusterSecret secret, Supplier<List<Member>> others) {
        if (secret.configured()) {
            return null;
        }
        List<Member> members;
        try {
            members = others.get();
        } catch (ViewUnavailableException e) {
            return null;
        }
        return members.isEmpty() ? null : members.size() + " other lifecycle instance(s) share the alert view but "
                + "vigil.lifecycle.cluster.secret is unset: reads and changes that need them are refused";
    }
}
