package dev.vigil.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.vigil.core.config.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicSpecsTest {

    private static final Topics TOPICS = Topics.defaults();

    private static Map<String, TopicSpec> byName() {
        return TopicSpecs.of(TOPICS).stream().collect(Collectors.toMap(TopicSpec::name, Function.identity()));
    }

    private static long days(int n) {
        return Duration.ofDays(n).toMillis();
    }

    @Test
    void coversAllElevenTopicsWithTheEventsTopicFirst() {
        List<TopicSpec> specs = TopicSpecs.of(TOPICS);

        assertThat(specs).extracting(TopicSpec::name).containsExactly(TOPICS.events(), TOPICS.agents(),
                TOPICS.rules(), TOPICS.alerts(), TOPICS.alertEvents(), TOPICS.agentStatus(), TOPICS.channels(),
                TOPICS.notifications(), TOPICS.siem(), TOPICS.eventsDlq(), TOPICS.silences());
    }

    @Test
    void compactsTheStateTopicsAndNothingElse() {
        assertThat(TopicSpecs.of(TOPICS)).filteredOn(TopicSpec::compacted).extracting(TopicSpec::name)
                .containsExactlyInAnyOrder(TOPICS.agents(), TOPICS.rules(), TOPICS.agentStatus(), TOPICS.channels(),
                        TOPICS.silences());
    }

    @Test
    void compactedTopicsCarryNoTimeRetention() {
        assertThat(TopicSpecs.of(TOPICS)).filteredOn(TopicSpec::compacted)
                .allSatisfy(spec -> assertThat(spec.retentionMs()).isEmpty());
    }

    @Test
    void deleteTopicsKeepRecordsAsLongAsTheDesignSays() {
        Map<String, TopicSpec> specs = byName();

        assertThat(specs.get(TOPICS.events()).retentionMs()).contains(days(7));
        assertThat(specs.get(TOPICS.alerts()).retentionMs()).contains(days(90));
        assertThat(specs.get(TOPICS.notifications()).retentionMs()).contains(days(30));
        assertThat(specs.get(TOPICS.siem()).retentionMs()).contains(days(7));
        assertThat(specs.get(TOPICS.eventsDlq()).retentionMs()).contains(days(30));
        assertThat(specs.get(TOPICS.events()).cleanupPolicy()).isEqualTo("delete");
    }

    @Test
    void keepsTheAlertLifecycleAuditLogForever() {
        TopicSpec alertEvents = byName().get(TOPICS.alertEvents());

        assertThat(alertEvents.cleanupPolicy()).isEqualTo("delete");
        assertThat(alertEvents.retentionMs()).contains(-1L);
    }

    @Test
    void coPartitionsExactlyTheTopicsKeyedByAgentId() {
        assertThat(TopicSpecs.of(TOPICS)).filteredOn(TopicSpec::coPartitioned).extracting(TopicSpec::name)
                .containsExactlyInAnyOrder(TOPICS.events(), TOPICS.agents(), TOPICS.alerts(), TOPICS.alertEvents(),
                        TOPICS.agentStatus());
    }

    @Test
    void newTopicsCarryPartitionsReplicationAndConfigs() {
        List<NewTopic> topics = TopicSpecs.newTopics(TOPICS, 6, (short) 3);

        assertThat(topics).hasSize(11).allSatisfy(topic -> {
            assertThat(topic.numPartitions()).isEqualTo(6);
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
        });
        assertThat(topics.get(1).name()).isEqualTo(TOPICS.agents());
        assertThat(topics.get(1).configs()).containsExactly(entry("cleanup.policy", "compact"));
    }

    @Test
    void usesTheConfiguredNamesNotTheDefaults() {
        Topics custom = new Topics("e", "a", "r", "al", "ae", "as", "c", "n", "s", "d", "si");

        assertThat(TopicSpecs.newTopics(custom, 1, (short) 1)).extracting(NewTopic::name)
                .containsExactly("e", "a", "r", "al", "ae", "as", "c", "n", "s", "d", "si");
    }

    @Test
    void rejectsNonPositivePartitionsOrReplication() {
        assertThatThrownBy(() -> TopicSpecs.newTopics(TOPICS, 0, (short) 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions");
        assertThatThrownBy(() -> TopicSpecs.newTopics(TOPICS, 1, (short) 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replication");
    }

    @Test
    void recognisesCompactionInAPolicyList() {
        assertThat(TopicSpec.isCompacting("compact")).isTrue();
        assertThat(TopicSpec.isCompacting("delete, compact")).isTrue();
        assertThat(TopicSpec.isCompacting("delete")).isFalse();
        assertThat(TopicSpec.isCompacting(null)).isFalse();
    }

    @Test
    void topicsThatTakeInEventTimedRecordsCountRetentionFromAppendTime() {
        assertThat(TopicSpecs.of(TOPICS)).filteredOn(spec -> "LogAppendTime".equals(spec.configs().get("message.timestamp.type")))
                .extracting(TopicSpec::name).containsExactlyInAnyOrder(TOPICS.events(), TOPICS.alerts(), TOPICS.eventsDlq());
    }
}
