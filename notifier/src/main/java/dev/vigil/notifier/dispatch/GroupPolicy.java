package dev.vigil.notifier.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * How one channel batches and paces its notifications, in Alertmanager's vocabulary. Alerts are grouped per
 * (tenant, rule).
 *
 * @param groupWait      how long the first alert of a new group waits for others before the group is sent (0: at once)
 * @param groupInterval  how long after a group was sent its newly arrived alerts wait before they are sent together
 * @param repeatInterval a repeat of an alert (the topology re-emits an open alert with more occurrences) already
 *                       notified on this channel less than this long ago is recorded as suppressed, not sent (0: every
 *                       repeat is sent)
 * @param budget         at most this many sends per period; null for none. What exceeds it waits and goes out as one
 *                       digest when the budget allows
 */
public record GroupPolicy(Duration groupWait, Duration groupInterval, Duration repeatInterval, RateBudget budget) {

    /** Every alert at once, every repeat sent, no budget: the notifier's behaviour without grouping. */
    public static final GroupPolicy IMMEDIATE = new GroupPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO, null);

    public GroupPolicy {
        Objects.requireNonNull(groupWait, "groupWait");
        Objects.requireNonNull(groupInterval, "groupInterval");
        Objects.requireNonNull(repeatInterval, "repeatInterval");
    }

    /** True when alerts are sent as they come, one by one. */
    boolean ungrouped() {
        return groupWait.isZero() && groupInterval.isZero();
    }
}
