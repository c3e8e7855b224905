package dev.vigil.core.kafka;

import java.util.List;

/**
 * An existing topic cannot serve Vigil as it is (not compacted, wrong partition count). Vigil refuses to start
 * rather than silently lose profiles to deletion or split an agent's records across tasks.
 */
public final class TopicMisconfiguredException extends IllegalStateException {

    private final List<String> problems;

    public TopicMisconfiguredException(List<String> problems) {
        super("Kafka topics are misconfigured: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One sentence per problem, each naming the topic. */
    public List<String> problems() {
        return problems;
    }
}
