package dev.vigil.lifecycle.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The sweep reads a bounded batch per run, resumes where it stopped, wraps around, and misses nothing. */
class IncrementalSweepTest {

    @Test
    void eachRunReadsOneBatchAndTheRunsTogetherCoverTheStoreThenStartOver() {
        KeyValueStore<String, Integer> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("sweep"),
                Serdes.String(), Serdes.Integer()).withLoggingDisabled().build();
        store.init(new org.apache.kafka.streams.processor.api.MockProcessorContext<>().getStateStoreContext(), store);
        for (int i = 0; i < 25; i++) {
            store.put(String.format("k%02d", i), i);
        }
        IncrementalSweep<Integer> sweep = new IncrementalSweep<>(10);
        Set<String> judged = new HashSet<>();
        List<Integer> perRun = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            int[] seen = {0};
            sweep.next(store, value -> {
                seen[0]++;
                return false;
            });
            perRun.add(seen[0]);
        }
        assertThat(perRun).as("10, 10, then the last 5").containsExactly(10, 10, 5);

        List<KeyValue<String, Integer>> stale = sweep.next(store, value -> value % 2 == 0);
        assertThat(stale).as("the run after the end starts over").extracting(kv -> kv.key)
                .containsExactly("k00", "k02", "k04", "k06", "k08");
        stale.forEach(kv -> store.delete(kv.key));
        for (int run = 0; run < 3; run++) {
            sweep.next(store, value -> judged.add("v" + value) && false);
        }
        assertThat(judged).as("every entry judged, deletions behind the cursor notwithstanding").hasSize(20);
    }
}
