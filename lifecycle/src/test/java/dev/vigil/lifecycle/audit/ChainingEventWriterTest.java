package dev.vigil.lifecycle.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.lifecycle.command.LifecycleEventWriter;
import dev.vigil.lifecycle.command.WriteFailedException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ChainingEventWriterTest {

    private final List<AlertLifecycleEvent> topic = new CopyOnWriteArrayList<>();
    private final AtomicInteger headReads = new AtomicInteger();
    private volatile boolean kafkaFails;
    private volatile boolean landsAnyway;

    /** The wrapped writer: appends to {@link #topic}, or fails (having landed the event or not). */
    private final LifecycleEventWriter kafka = event -> {
        if (kafkaFails) {
            if (landsAnyway) {
                topic.add(event);
            }
            throw new WriteFailedException("no confirmation", new RuntimeException());
        }
        topic.add(event);
    };

    /** The heads as {@link TopicChainHeads} would read them from {@link #topic}. */
    private final Supplier<Map<String, String>> heads = () -> {
        headReads.incrementAndGet();
        ChainLinks links = new ChainLinks();
        for (int i = 0; i < topic.size(); i++) {
            links.accept(topic.get(i), new EventLocation("t", 0, i));
        }
        return links.heads();
    };

    @Test
    void chainsConsecutiveWritesOfATenantAndStartsEachTenantApart() {
        ChainingEventWriter writer = new ChainingEventWriter(kafka, heads);

        writer.write(event("acme", "1"));
        writer.write(event("globex", "2"));
        writer.write(event("acme", "3"));

        assertThat(topic.get(0).getPreviousHash()).isNull();
        assertThat(topic.get(1).getPreviousHash()).isNull();
        assertThat(topic.get(2).getPreviousHash()).isEqualTo(topic.get(0).getHash());
        assertThat(topic).allSatisfy(e -> assertThat(AuditChain.intact(e)).isTrue());
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void aNewWriterContinuesTheChainsTheTopicHolds() {
        ChainingEventWriter first = new ChainingEventWriter(kafka, heads);
        first.write(event("acme", "1"));
        first.write(event("acme", "2"));

        new ChainingEventWriter(kafka, heads).write(event("acme", "3"));

        assertThat(topic.get(2).getPreviousHash()).isEqualTo(topic.get(1).getHash());
        assertThat(verify().summary()).isEqualTo("chain intact, 3 events (1 tenant, 0 unchained)");
    }

    @Test
    void afterAWriteOfUnknownOutcomeThatLandedTheNextWriteFollowsIt() {
        ChainingEventWriter writer = new ChainingEventWriter(kafka, heads);
        writer.write(event("acme", "1"));
        kafkaFails = true;
        landsAnyway = true;
        assertThatThrownBy(() -> writer.write(event("acme", "2"))).isInstanceOf(WriteFailedException.class);
        kafkaFails = false;

        writer.write(event("acme", "3"));

        assertThat(topic.get(2).getPreviousHash()).isEqualTo(topic.get(1).getHash());
        assertThat(headReads).hasValue(2);
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void afterAWriteThatNeverLandedTheNextWriteFollowsTheLastOnTheTopic() {
        ChainingEventWriter writer = new ChainingEventWriter(kafka, heads);
        writer.write(event("acme", "1"));
        kafkaFails = true;
        assertThatThrownBy(() -> writer.write(event("acme", "2"))).isInstanceOf(WriteFailedException.class);
        kafkaFails = false;

        writer.write(event("acme", "3"));
        writer.write(event("acme", "4"));

        assertThat(topic).extracting(AlertLifecycleEvent::getEventId).containsExactly("1", "3", "4");
        assertThat(topic.get(1).getPreviousHash()).isEqualTo(topic.get(0).getHash());
        assertThat(headReads).hasValue(2);
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void headsThatCannotBeReadAgainFailTheWriteAndWriteNothing() {
        AtomicReference<RuntimeException> readFails = new AtomicReference<>();
        ChainingEventWriter writer = new ChainingEventWriter(kafka, () -> {
            if (readFails.get() != null) {
                throw readFails.get();
            }
            return heads.get();
        });
        kafkaFails = true;
        assertThatThrownBy(() -> writer.write(event("acme", "1"))).isInstanceOf(WriteFailedException.class);
        kafkaFails = false;
        readFails.set(new IllegalStateException("broker gone"));

        assertThatThrownBy(() -> writer.write(event("acme", "2")))
                .isInstanceOf(WriteFailedException.class).hasMessageContaining("broker gone");
        assertThat(topic).isEmpty();
    }

    @Test
    void afterResumeTheNextWriteFollowsWhatAnotherLeaderWroteMeanwhile() {
        ChainingEventWriter mine = new ChainingEventWriter(kafka, heads);
        mine.write(event("acme", "1"));
        ChainingEventWriter otherLeader = new ChainingEventWriter(kafka, heads);
        otherLeader.write(event("acme", "2"));
        otherLeader.write(event("globex", "3"));
        int readsBefore = headReads.get();

        mine.resume();
        mine.write(event("acme", "4"));
        mine.write(event("globex", "5"));

        assertThat(headReads.get()).as("every head read once, on the first write after resume")
                .isEqualTo(readsBefore + 1);
        assertThat(topic.get(3).getPreviousHash()).isEqualTo(topic.get(1).getHash());
        assertThat(topic.get(4).getPreviousHash()).isEqualTo(topic.get(2).getHash());
        assertThat(verify().summary()).isEqualTo("chain intact, 5 events (2 tenants, 0 unchained)");
    }

    @Test
    void withoutResumeAWriterThatMissedAnotherLeadersWritesForksTheChain() {
        ChainingEventWriter mine = new ChainingEventWriter(kafka, heads);
        mine.write(event("acme", "1"));
        new ChainingEventWriter(kafka, heads).write(event("acme", "2"));

        mine.write(event("acme", "3"));

        assertThat(verify().intact()).isFalse();
    }

    @Test
    void headsThatCannotBeReadOnResumeFailTheWriteAndWriteNothing() {
        AtomicReference<RuntimeException> readFails = new AtomicReference<>();
        ChainingEventWriter writer = new ChainingEventWriter(kafka, () -> {
            if (readFails.get() != null) {
                throw readFails.get();
            }
            return heads.get();
        });
        readFails.set(new IllegalStateException("broker gone"));
        writer.resume();

        assertThatThrownBy(() -> writer.write(event("acme", "1")))
                .isInstanceOf(WriteFailedException.class).hasMessageContaining("broker gone");
        assertThat(topic).isEmpty();
        readFails.set(null);
        writer.write(event("acme", "2"));
        assertThat(topic).hasSize(1);
    }

    @Test
    void concurrentWritesOfOneTenantFormOneChain() throws Exception {
        ChainingEventWriter writer = new ChainingEventWriter(kafka, heads);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 200; i++) {
            String id = String.valueOf(i);
            pool.submit(() -> writer.write(event(Integer.parseInt(id) % 2 == 0 ? "acme" : "globex", id)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(topic).hasSize(200);
        assertThat(verify().summary()).isEqualTo("chain intact, 200 events (2 tenants, 0 unchained)");
    }

    private AuditReport verify() {
        ChainLinks links = new ChainLinks();
        for (int i = 0; i < topic.size(); i++) {
            links.accept(topic.get(i), new EventLocation("t", i % 3, i));
        }
        return links.verify();
    }

    private static AlertLifecycleEvent event(String tenant, String eventId) {
        return AlertLifecycleEvent.newBuilder().setEventId(eventId).setAction(LifecycleAction.COMMENT).setAlertId("a-1")
                .setTenantId(tenant).setAgentId("agent-" + eventId).setActor("alice").setNote("n")
                .setOccurredAt(Instant.parse("2025-03-01T10:00:00Z")).build();
    }
}
