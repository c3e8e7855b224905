package dev.vigil.notifier.dispatch;

import dev.vigil.avro.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The timing of one channel's notifications — grouping, repeat suppression and the rate budget — as pure logic over
 * an injected "now": {@link #offer} takes an alert for the channel, {@link #due} returns what must go out at a moment,
 * {@link #nextDue} says when to ask again. It never sends; the caller carries out each {@link Dispatch} and only then
 * treats the tickets it settles as done (for the notifier: the alert records whose offsets may be committed), so an
 * alert waiting in a group or a digest is never lost to a crash — it is read again and waits again.
 *
 * <p>Memory is bounded: the last-notified time of at most {@value #REMEMBERED} alerts, and the alerts waiting (at most
 * what the caller holds uncommitted).
 */
public final class ChannelDispatcher {

    static final int REMEMBERED = 10_000;

    private final GroupPolicy policy;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final List<Alert> digest = new ArrayList<>();
    private final List<Object> digestTickets = new ArrayList<>();
    private final LinkedHashMap<String, Instant> lastNotified = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED;
        }
    };
    private RateBudget.Bucket bucket;

    public ChannelDispatcher(GroupPolicy policy) {
        this.policy = policy;
    }

    public GroupPolicy policy() {
        return policy;
    }

    private static final class Group {
        final List<Alert> alerts = new ArrayList<>();
        final List<Object> tickets = new ArrayList<>();
        Instant flushAt;
        Instant lastFlush;
    }

    /** Takes an alert routed to this channel; returns what must be done at once (possibly nothing: it waits). */
    public List<Dispatch> offer(Alert alert, Object ticket, Instant now) {
        Instant last = lastNotified.get(alert.getAlertId());
        if (last != null && !policy.repeatInterval().isZero()
                && Duration.between(last, now).compareTo(policy.repeatInterval()) < 0) {
            return List.of(new Dispatch.Suppress(alert, ticket, "repeat of alert " + alert.getAlertId()
                    + " within the channel's repeat_interval of " + policy.repeatInterval() + " since its last notification"));
        }
        if (policy.ungrouped()) {
            return pace(new ArrayList<>(List.of(alert)), new ArrayList<>(List.of(ticket)), now);
        }
        String key = alert.getTenantId() + "\u0000" + alert.getRuleId();
        Group g = groups.computeIfAbsent(key, k -> new Group());
        if (g.alerts.isEmpty()) {
            g.flushAt = g.lastFlush == null ? now.plus(policy.groupWait()) : max(now, g.lastFlush.plus(policy.groupInterval()));
        }
        int same = indexOf(g.alerts, alert.getAlertId());
        if (same >= 0) {
            g.alerts.set(same, alert);
        } else {
            g.alerts.add(alert);
        }
        g.tickets.add(ticket);
        return due(now);
    }

    /** What must go out at {@code now}: groups whose time came, and the digest once the budget allows it. */
    public List<Dispatch> due(Instant now) {
        List<Dispatch> out = new ArrayList<>();
        Iterator<Group> it = groups.values().iterator();
        while (it.hasNext()) {
            Group g = it.next();
            if (g.alerts.isEmpty()) {
                if (g.lastFlush != null && !now.isBefore(g.lastFlush.plus(policy.groupInterval()))) {
                    it.remove();
                }
                continue;
            }
            if (!now.isBefore(g.flushAt)) {
                out.addAll(pace(new ArrayList<>(g.alerts), new ArrayList<>(g.tickets), now));
                g.alerts.clear();
                g.tickets.clear();
                g.lastFlush = now;
            }
        }
        if (!digest.isEmpty() && bucket(now).tryTake(now)) {
            out.add(new Dispatch.Send(digest, digestTickets, true));
            digest.forEach(a -> lastNotified.put(a.getAlertId(), now));
            digest.clear();
            digestTickets.clear();
        }
        return out;
    }

    /** When {@link #due} will next have something, or empty when nothing waits. */
    public Optional<Instant> nextDue(Instant now) {
        Instant next = null;
        for (Group g : groups.values()) {
            Instant at = g.alerts.isEmpty() ? (g.lastFlush == null ? null : g.lastFlush.plus(policy.groupInterval())) : g.flushAt;
            if (at != null && (next == null || at.isBefore(next))) {
                next = at;
            }
        }
        if (!digest.isEmpty()) {
            Instant at = bucket(now).nextAllowed(now);
            next = next == null || at.isBefore(next) ? at : next;
        }
        return Optional.ofNullable(next);
    }

    /**
     * Everything waiting, to go out now whatever the timers and the budget say (a rebalance takes the partitions away,
     * the channel's policy changed, the app stops), groups first, then the digest.
     */
    public List<Dispatch> drain() {
        List<Dispatch> out = new ArrayList<>();
        for (Group g : groups.values()) {
            if (!g.alerts.isEmpty()) {
                out.add(new Dispatch.Send(g.alerts, g.tickets, false));
            }
        }
        groups.clear();
        if (!digest.isEmpty()) {
            out.add(new Dispatch.Send(digest, digestTickets, true));
            digest.clear();
            digestTickets.clear();
        }
        return out;
    }

    /**
     * The notification of these alerts failed for good: a repeat of them is not "already notified", so it must not be
     * suppressed by the repeat interval.
     */
    public void notDelivered(List<Alert> alerts) {
        alerts.forEach(a -> lastNotified.remove(a.getAlertId()));
    }

    /** The alerts waiting (in groups or the digest), for logs and metrics. */
    public int waiting() {
        return digest.size() + groups.values().stream().mapToInt(g -> g.alerts.size()).sum();
    }

    /** A send within the budget, or the alerts held back for the digest (behind any already held: first in, first out). */
    private List<Dispatch> pace(List<Alert> alerts, List<Object> tickets, Instant now) {
        if (policy.budget() != null && (!digest.isEmpty() || !bucket(now).tryTake(now))) {
            digest.addAll(alerts);
            digestTickets.addAll(tickets);
            return List.of();
        }
        alerts.forEach(a -> lastNotified.put(a.getAlertId(), now));
        return List.of(new Dispatch.Send(alerts, tickets, false));
    }

    private RateBudget.Bucket bucket(Instant now) {
        if (bucket == null) {
            bucket = new RateBudget.Bucket(policy.budget() == null ? new RateBudget(Integer.MAX_VALUE / 2, Duration.ofSeconds(1))
                    : policy.budget(), now);
        }
        return bucket;
    }

    private static int indexOf(List<Alert> alerts, String alertId) {
        for (int i = 0; i < alerts.size(); i++) {
            if (alerts.get(i).getAlertId().equals(alertId)) {
                return i;
            }
        }
        return -1;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
