package dev.vigil.core.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rules an existing topic must follow, kept apart from the Admin calls so they are tested without a broker. */
final class TopicChecks {

    /** What the broker says about one topic. */
    record ObservedTopic(int partitions, String cleanupPolicy) {
    }

    private TopicChecks() {
    }

    /** One sentence per broken rule; empty if every observed topic fits its spec. Unobserved topics are skipped. */
    static List<String> problems(List<TopicSpec> specs, Map<String, ObservedTopic> observed, String eventsTopic) {
        List<String> problems = new ArrayList<>();
        ObservedTopic events = observed.get(eventsTopic);
        for (TopicSpec spec : specs) {
            ObservedTopic actual = observed.get(spec.name());
            if (actual == null) {
                continue;
            }
            if (spec.compacted() && !TopicSpec.isCompacting(actual.cleanupPolicy())) {
                problems.add("topic " + spec.name() + " must be compacted (cleanup.policy=compact) but has cleanup.policy="
                        + actual.cleanupPolicy() + "; without compaction old values are deleted and the state is lost");
            }
            if (spec.coPartitioned() && events != null && !spec.name().equals(eventsTopic)
                    && actual.partitions() != events.partitions()) {
                problems.add("topic " + spec.name() + " has " + actual.partitions() + " partitions but " + eventsTopic
                        + " has " + events.partitions() + "; topics keyed by agentId must have the same partition count");
            }
        }
        return problems;
    }
}
