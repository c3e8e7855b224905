package dev.vigil.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.config.Topics;
import dev.vigil.core.kafka.TopicChecks.ObservedTopic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicChecksTest {

    private static final Topics TOPICS = Topics.defaults();
    private static final List<TopicSpec> SPECS = TopicSpecs.of(TOPICS);

    /** All eleven topics as the bootstrap would create them, with {@code partitions} partitions. */
    private static Map<String, ObservedTopic> healthy(int partitions) {
        Map<String, ObservedTopic> observed = new HashMap<>();
        SPECS.forEach(spec -> observed.put(spec.name(), new ObservedTopic(partitions, spec.cleanupPolicy())));
        return observed;
    }

    private static List<String> problems(Map<String, ObservedTopic> observed) {
        return TopicChecks.problems(SPECS, observed, TOPICS.events());
    }

    @Test
    void acceptsTopicsAsSpecified() {
        assertThat(problems(healthy(4))).isEmpty();
    }

    @Test
    void rejectsAnAgentsTopicThatIsNotCompacted() {
        Map<String, ObservedTopic> observed = healthy(4);
        observed.put(TOPICS.agents(), new ObservedTopic(4, "delete"));

        assertThat(problems(observed)).singleElement().asString()
                .contains("vigil.agents.v1", "must be compacted", "cleanup.policy=delete");
    }

    @Test
    void acceptsCompactAndDeleteWhereCompactionIsRequired() {
        Map<String, ObservedTopic> observed = healthy(4);
        observed.put(TOPICS.channels(), new ObservedTopic(4, "compact,delete"));

        assertThat(problems(observed)).isEmpty();
    }

    @Test
    void rejectsAnAgentKeyedTopicWithADifferentPartitionCount() {
        Map<String, ObservedTopic> observed = healthy(4);
        observed.put(TOPICS.alerts(), new ObservedTopic(3, "delete"));

        assertThat(problems(observed)).singleElement().asString()
                .contains("vigil.alerts.v1", "3 partitions", "vigil.events.v1", "has 4");
    }

    @Test
    void allowsTopicsNotKeyedByAgentToHaveTheirOwnPartitionCount() {
        Map<String, ObservedTopic> observed = healthy(4);
        observed.put(TOPICS.rules(), new ObservedTopic(1, "compact"));
        observed.put(TOPICS.notifications(), new ObservedTopic(12, "delete"));
        observed.put(TOPICS.eventsDlq(), new ObservedTopic(1, "delete"));

        assertThat(problems(observed)).isEmpty();
    }

    @Test
    void reportsEveryProblemNotJustTheFirst() {
        Map<String, ObservedTopic> observed = healthy(4);
        observed.put(TOPICS.agents(), new ObservedTopic(2, "delete"));
        observed.put(TOPICS.agentStatus(), new ObservedTopic(4, "delete"));

        assertThat(problems(observed)).hasSize(3);
    }

    @Test
    void exceptionMessageNamesEveryProblem() {
        TopicMisconfiguredException e = new TopicMisconfiguredException(List.of("topic a is wrong", "topic b is wrong"));

        assertThat(e).hasMessageContaining("topic a is wrong").hasMessageContaining("topic b is wrong");
        assertThat(e.problems()).hasSize(2);
    }
}
