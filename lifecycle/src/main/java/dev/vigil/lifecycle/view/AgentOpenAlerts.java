package dev.vigil.lifecycle.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The alerts of one agent that are not resolved (open or acknowledged): how many, and the ids of the newest
 * {@value #SHOWN} in {@link AlertFilter#ORDER}. One pass over the alert view with a bounded heap, so memory stays
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
        PriorityQueue<AlertView> newest = new PriorityQueue<>(AlertFilter.ORDER.reversed());
        int[] count = {0};
        alerts.forEach(view -> {
            if (view.status() != AlertStatus.RESOLVED && mine.matches(view)) {
                count[0]++;
                newest.add(view);
                if (newest.size() > SHOWN) {
                    newest.poll();
                }
            }
        });
        List<AlertView> sorted = new ArrayList<>(newest);
        sorted.sort(AlertFilter.ORDER);
        return new AgentOpenAlerts(count[0], sorted.stream().map(AlertView::alertId).toList());
    }
}
