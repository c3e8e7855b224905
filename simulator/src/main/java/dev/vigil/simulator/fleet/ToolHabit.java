package dev.vigil.simulator.fleet;

import java.util.List;

/**
 * How one agent uses one tool action: how often (relative weight), on what, and the medians its sizes and
 * latencies scatter around. Every agent gets its own medians, so "normal" differs from agent to agent.
 */
public record ToolHabit(Catalogue.ToolAction action, double weight, List<String> resources,
                        double bytesMedian, double recordsMedian, double latencyMedianMs) {

    public ToolHabit {
        resources = List.copyOf(resources);
    }
}
