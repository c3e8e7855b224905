package dev.vigil.lifecycle.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.lifecycle.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventJournalTest {

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final String EPOCH = Long.toString(START.toEpochMilli());

    private final EventJournal journal = new EventJournal(3, new TestClock(START));
    private int generated;

    @Test
    void idsAreTheStartEpochAndAnIncreasingSequence() {
        List<StreamEvent> events = append(3);

        assertThat(events).extracting(StreamEvent::id).containsExactly(EPOCH + "-1", EPOCH + "-2", EPOCH + "-3");
        assertThat(events).extracting(StreamEvent::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aNewClientStartsAfterTheNewestEvent() throws Exception {
        append(2);

        EventJournal.Resume resume = journal.resume(null);

        assertThat(resume.afterSeq()).isEqualTo(2);
        assertThat(resume.gap()).isEmpty();
        assertThat(journal.read(resume.afterSeq(), 10, Duration.ZERO).events()).isEmpty();
    }

    @Test
    void aKnownIdResumesWithEveryLaterEventInOrder() throws Exception {
        List<StreamEvent> events = append(3);

        EventJournal.Resume resume = journal.resume(events.get(0).id());

        assertThat(resume.gap()).isEmpty();
        assertThat(journal.read(resume.afterSeq(), 10, Duration.ZERO).events()).containsExactlyElementsOf(events.subList(1, 3));
    }

    @Test
    void theNewestIdResumesWithNothingYet() throws Exception {
        List<StreamEvent> events = append(3);

        EventJournal.Resume resume = journal.resume(events.get(2).id());

        assertThat(resume.gap()).isEmpty();
        assertThat(journal.read(resume.afterSeq(), 10, Duration.ZERO).events()).isEmpty();
    }

    @Test
    void theIdJustBeforeTheOldestKeptEventStillResumesWithoutAGap() throws Exception {
        List<StreamEvent> events = append(5);

        EventJournal.Resume resume = journal.resume(events.get(1).id());

        assertThat(resume.gap()).isEmpty();
        assertThat(journal.read(resume.afterSeq(), 10, Duration.ZERO).events()).containsExactlyElementsOf(events.subList(2, 5));
    }

    @Test
    void anIdOlderThanTheJournalIsAGapFollowedByTheWholeJournal() throws Exception {
        List<StreamEvent> events = append(5);

        EventJournal.Resume resume = journal.resume(events.get(0).id());

        assertThat(resume.gap()).hasValueSatisfying(gap -> {
            assertThat(gap.reason()).contains("no longer kept").contains("last 3");
            assertThat(gap.id()).isEqualTo(events.get(1).id());
        });
        assertThat(journal.read(resume.afterSeq(), 10, Duration.ZERO).events()).containsExactlyElementsOf(events.subList(2, 5));
    }

    @Test
    void anIdOfAnotherEpochIsAGap() {
        append(2);
        EventJournal earlier = new EventJournal(3, new TestClock(START.minusSeconds(60)));
        String oldId = earlier.append(draft("old")).orElseThrow().id();

        EventJournal.Resume resume = journal.resume(oldId);

        assertThat(resume.gap()).hasValueSatisfying(gap -> assertThat(gap.reason()).contains("another run"));
        assertThat(resume.afterSeq()).isZero();
    }

    @Test
    void anIdAheadOfTheJournalIsAGap() {
        append(2);

        assertThat(journal.resume(EPOCH + "-9").gap())
                .hasValueSatisfying(gap -> assertThat(gap.reason()).contains("ahead"));
    }

    @Test
    void aMalformedIdIsAGap() {
        append(1);

        for (String id : List.of("", "abc", EPOCH, EPOCH + "-", "-1", EPOCH + "-1-2", "99999999999999999999-1", "9999999999999999999-1")) {
            assertThat(journal.resume(id).gap()).as(id).isPresent();
        }
    }

    @Test
    void aRedeliveredEventIsKeptOnce() {
        journal.append(draft("k-1"));

        assertThat(journal.append(draft("k-1"))).isEmpty();
        assertThat(journal.size()).isEqualTo(1);
    }

    @Test
    void aKeyDroppedFromTheJournalMayComeAgain() {
        journal.append(draft("k-1"));
        append(3);

        assertThat(journal.append(draft("k-1"))).isPresent();
    }

    @Test
    void aReaderBehindTheJournalIsToldItIsLagging() throws Exception {
        append(5);

        assertThat(journal.read(1, 10, Duration.ZERO).lagging()).isTrue();
        assertThat(journal.read(2, 10, Duration.ZERO).lagging()).isFalse();
    }

    @Test
    void aReadReturnsAtMostTheBatchSize() throws Exception {
        List<StreamEvent> events = append(3);

        assertThat(journal.read(0, 2, Duration.ZERO).events()).containsExactlyElementsOf(events.subList(0, 2));
    }

    @Test
    void aWaitingReaderWakesUpWhenAnEventIsAppended() throws Exception {
        CompletableFuture<EventJournal.Batch> read = CompletableFuture.supplyAsync(() -> {
            try {
                return journal.read(0, 10, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        StreamEvent event = journal.append(draft("k-1")).orElseThrow();

        assertThat(read.get(10, TimeUnit.SECONDS).events()).containsExactly(event);
    }

    @Test
    void aWaitingReaderReturnsEmptyAfterTheWait() throws Exception {
        assertThat(journal.read(0, 10, Duration.ofMillis(20)).events()).isEmpty();
    }

    @Test
    void aJournalHoldsAtLeastOneEvent() {
        assertThatThrownBy(() -> new EventJournal(0, new TestClock(START))).isInstanceOf(IllegalArgumentException.class);
    }

    private List<StreamEvent> append(int count) {
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(journal.append(draft("generated-" + ++generated)).orElseThrow());
        }
        return events;
    }

    private static StreamEvent.Draft draft(String key) {
        return new StreamEvent.Draft(EventType.ANOMALY_DETECTED, "tenant-a", key, "{\"key\":\"" + key + "\"}");
    }
}
