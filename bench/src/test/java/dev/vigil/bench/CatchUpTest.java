package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bench.CatchUp.Progress;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    private static final TopicPartition EVENTS_0 = new TopicPartition("events", 0);
    private static final TopicPartition EVENTS_1 = new TopicPartition("events", 1);
    private static final TopicPartition REPARTITION_0 = new TopicPartition("app-rekey-repartition", 0);

    private static ListOffsetsResultInfo end(long offset) {
        return new ListOffsetsResultInfo(offset, -1, Optional.empty());
    }

    private static OffsetAndMetadata at(long offset) {
        return new OffsetAndMetadata(offset);
    }

    @Test
    void isCompleteWhenEveryCommittedOffsetReachedTheEnd() {
        Progress progress = Progress.of("events", Map.of(EVENTS_0, end(10), EVENTS_1, end(5), REPARTITION_0, end(16)),
                Map.of(EVENTS_0, at(10), EVENTS_1, at(5), REPARTITION_0, at(16)));

        assertThat(progress).isEqualTo(new Progress(15, 15, true));
    }

    @Test
    void isNotCompleteWhileARepartitionTopicLags() {
        Progress progress = Progress.of("events", Map.of(EVENTS_0, end(10), REPARTITION_0, end(16)),
                Map.of(EVENTS_0, at(10), REPARTITION_0, at(12)));

        assertThat(progress.complete()).isFalse();
        assertThat(progress.eventsCommitted()).isEqualTo(10);
    }

    @Test
    void countsAPartitionWithoutCommitsAsNotStarted() {
        Progress progress = Progress.of("events", Map.of(EVENTS_0, end(10), EVENTS_1, end(5)), Map.of(EVENTS_0, at(10)));

        assertThat(progress).isEqualTo(new Progress(10, 15, false));
    }

    @Test
    void isNotCompleteOnAnEmptyEventsTopic() {
        assertThat(Progress.of("events", Map.of(EVENTS_0, end(0)), Map.of()).complete()).isFalse();
    }
}
