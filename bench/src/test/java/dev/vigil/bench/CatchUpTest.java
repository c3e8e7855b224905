package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bench.CatchUp.Progress;
import java.util.ArrayList;
import java.util.List;
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

    /** A partition tail of real records everywhere. */
    private static final CatchUp.TailCheck RECORDS = (partition, from, to) -> false;
    /** A partition tail of markers only, everywhere. */
    private static final CatchUp.TailCheck MARKERS = (partition, from, to) -> true;

    @Test
    void isCompleteWhenEveryCommittedOffsetReachedTheEnd() {
        Progress progress = Progress.of("events", Map.of(EVENTS_0, end(10), EVENTS_1, end(5), REPARTITION_0, end(16)),
                Map.of(EVENTS_0, at(10), EVENTS_1, at(5), REPARTITION_0, at(16)), RECORDS);

        assertThat(progress).isEqualTo(new Progress(15, 15, 31, 0, true));
    }

    @Test
    void isNotCompleteWhileARepartitionTopicLags() {
        Progress progress = Progress.of("events", Map.of(EVENTS_0, end(10), REPARTITION_0, end(16)),
                Map.of(EVENTS_0, at(10), REPARTITION_0, at(12)), RECORDS);

        assertThat(progress.complete()).isFalse();
        assertThat(progress.eventsCommitted()).isEqualTo(10);
    }

    @Test
    void countsAPartitionWithoutCommitsAsNotStarted() {
        Progress progress = Progress.of("events", Map.of(EVENTS_0, end(10), EVENTS_1, end(5)), Map.of(EVENTS_0, at(10)),
                RECORDS);

        assertThat(progress).isEqualTo(new Progress(10, 15, 10, 0, false));
    }

    @Test
    void isNotCompleteOnAnEmptyEventsTopic() {
        assertThat(Progress.of("events", Map.of(EVENTS_0, end(0)), Map.of(), MARKERS).complete()).isFalse();
    }

    @Test
    void isCompleteWhenOnlyATransactionMarkerLiesBetweenTheCommittedOffsetAndTheEnd() {
        List<String> asked = new ArrayList<>();
        CatchUp.TailCheck tail = (partition, from, to) -> {
            asked.add(partition + "@" + from + ".." + to);
            return true;
        };

        Progress progress = Progress.of("events", Map.of(EVENTS_0, end(10), REPARTITION_0, end(16)),
                Map.of(EVENTS_0, at(10), REPARTITION_0, at(15)), tail);

        assertThat(progress.complete()).isTrue();
        assertThat(progress.markerTails()).isEqualTo(1);
        assertThat(asked).containsExactly("app-rekey-repartition-0@15..16");
    }

    @Test
    void isNotCompleteWhenRecordsLieBetweenTheCommittedOffsetAndTheEnd() {
        Progress progress = Progress.of("events", Map.of(EVENTS_0, end(10), REPARTITION_0, end(16)),
                Map.of(EVENTS_0, at(10), REPARTITION_0, at(15)), RECORDS);

        assertThat(progress.complete()).isFalse();
    }

    @Test
    void readsNoTailWhileSomePartitionLagsByMoreThanMarkersCouldExplain() {
        CatchUp.TailCheck mustNotRead = (partition, from, to) -> {
            throw new AssertionError("read the tail of " + partition);
        };

        Progress progress = Progress.of("events", Map.of(EVENTS_0, end(1000), REPARTITION_0, end(16)),
                Map.of(EVENTS_0, at(10), REPARTITION_0, at(15)), mustNotRead);

        assertThat(progress.complete()).isFalse();
        assertThat(progress.allCommitted()).isEqualTo(25);
    }
}
