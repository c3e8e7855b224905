package dev.vigil.notifier.route;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.notifier.delivery.ChannelDelivery;
import java.util.Map;
import java.util.Objects;

/**
 * A channel as routing sees it: its delivery (which holds its severity filter and retry policy), whether it is
 * enabled, and its matchers — field → value, all of which must equal the alert's ({@code tenantId}, {@code agentId},
 * {@code ruleId}, {@code category}; empty matches every alert) — and its grouping and pacing policy.
 */
public record RoutedChannel(ChannelDelivery delivery, boolean enabled, Map<String, String> matchers,
                            dev.vigil.notifier.dispatch.GroupPolicy policy) {

    /** A channel that sends every alert at once. */
    public RoutedChannel(ChannelDelivery delivery, boolean enabled, Map<String, String> matchers) {
        this(delivery, enabled, matchers, dev.vigil.notifier.dispatch.GroupPolicy.IMMEDIATE);
    }

    public RoutedChannel {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(policy, "policy");
        matchers = Map.copyOf(matchers);
        for (String field : matchers.keySet()) {
            if (!ChannelSpecs.MATCHER_KEYS.contains(field)) {
                throw new IllegalArgumentException("unknown matcher field " + field + "; one of " + ChannelSpecs.MATCHER_KEYS);
            }
        }
    }

    public String name() {
        return delivery.name();
    }

    /** True when every matcher equals the alert's field. */
    public boolean matches(Alert alert) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            if (!m.getValue().equals(ChannelSpecs.matched(alert, m.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the matchers can hold for the alert of a lifecycle event whose alert is unknown: the event carries
     * tenant, agent and rule, not the category, so a category matcher is taken to hold.
     */
    public boolean mayMatch(AlertLifecycleEvent event) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            String actual = switch (m.getKey()) {
                case "tenantId" -> event.getTenantId();
                case "agentId" -> event.getAgentId();
                case "ruleId" -> event.getRuleId();
                default -> m.getValue();
            };
            if (!m.getValue().equals(actual)) {
                return false;
            }
        }
        return true;
    }
}
