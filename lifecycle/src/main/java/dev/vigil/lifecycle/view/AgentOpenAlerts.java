package dev.vigil.lifecycle.view;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The alerts of one agent that are not resolved (open or acknowledged): how many, and the ids of the newest
 * {@value #SHOWN} in {@link AlertFilter#ORDER}. One pass over the agent's summaries ({@link AlertViewReader#summaries}: the list-order index) with a bounded heap, so memory stays
 * bounded whatever the agent's alert count.
 */
public record AgentOpenAlerts(int count, List<String> alertIds) {

    public static final int SHOWN = 20;

    public AgentOpenAlerts {
        alertIds = List.copyOf(alertIds);
    }

    /** The unresolved alerts of {@code agentId} in {@code tenantId} (an alert of another tenant never counts). */
    public static AgentOpenAlerts of(AlertViewReader alerts, String tenantId, String agentId) {
        AlertFilter mine = new AlertFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(agentId), Optional.of(tenantId), Optional.empty(), Optional.empty(), Optional.empty(), SHOWN);
        Comparator<AlertSummary> order = Comparator.comparing(AlertSummary::detectedAt, Comparator.reverseOrder())
                .thenComparing(AlertSummary::alertId);
        PriorityQueue<AlertSummary> newest = new PriorityQueue<>(order.reversed());
        int[] count = {0};
        alerts.summaries(mine, summary -> {
            if (summary.entry().status() != AlertStatus.RESOLVED) {
                count[0]++;
                newest.add(summary);
                if (newest.size() > SHOWN) {
                    newest.poll();
                }
            }
        });
        List<AlertSummary> sorted = new ArrayList<>(newest);
        sorted.sort(order);
        return new AgentOpenAlerts(count[0], sorted.stream().map(AlertSummary::alertId).toList());
    }
}
