package dev.vigil.lifecycle.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.lifecycle.InMemoryRecords;
import dev.vigil.lifecycle.RecordingTopicWriter;
import dev.vigil.notifier.channel.ChannelSpec;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.notifier.channel.HostPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChannelCommandsTest {

    private final InMemoryRecords<ChannelConfig, ChannelSpec> view = InMemoryRecords.channels(ChannelSpecs.STANDARD);
    private final RecordingTopicWriter<ChannelConfig> writer = new RecordingTopicWriter<>(view);

    @Test
    void concurrentCreatesOfOneNameGiveOneChannelAndOneConflict() throws Exception {
        CountDownLatch bothWriting = new CountDownLatch(2);
        TopicWriter<ChannelConfig> slow = new TopicWriter<>() {
            @Override
            public long put(String key, ChannelConfig value) {
                bothWriting.countDown();
                try {
                    bothWriting.await(300, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return writer.put(key, value);
            }

            @Override
            public long delete(String key) {
                return writer.delete(key);
            }
        };
        ChannelCommands racing = new ChannelCommands(view, slow, ChannelSpecs.STANDARD, HostPolicy.PUBLIC_ONLY,
                Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ChannelSpec>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> racing.create(ChannelConfig.newBuilder().setName("a").setType("console")
                        .build())));
            }
            int conflicts = 0;
            for (Future<ChannelSpec> result : results) {
                try {
                    result.get(5, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ConflictException.class);
                    conflicts++;
                }
            }
            assertThat(conflicts).isEqualTo(1);
            assertThat(writer.written()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachTestAlertIsANewLowAlertThatNamesTheChannelAndTheActor() {
        Instant now = Instant.parse("2026-11-20T10:00:00.123456Z");

        Alert first = ChannelCommands.testAlert("ops", "alice", now);
        Alert second = ChannelCommands.testAlert("ops", "alice", now);

        assertThat(first.getAlertId()).isNotEqualTo(second.getAlertId()).startsWith("vigil-test-");
        assertThat(first.getSeverity().name()).isEqualTo("low");
        assertThat(first.getDetectedAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00.123Z"));
        assertThat(first.getDescription()).isEqualTo("A test notification for channel ops, sent by alice through the "
                + "lifecycle API. No agent did anything.");
        assertThat(first.getChannels()).containsExactly("ops");
    }
}
