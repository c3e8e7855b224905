package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TopologyAppHealthTest {

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"RUNNING", "REBALANCING"})
    void isUpWhileRunningOrRebalancing(State state) {
        assertThat(TopologyApp.healthOf(state)).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"RUNNING", "REBALANCING"}, mode = EnumSource.Mode.EXCLUDE)
    void isDownInEveryOtherStateNamingIt(State state) {
        assertThat(TopologyApp.healthOf(state)).isEqualTo("Kafka Streams is " + state);
    }

    @Test
    void isDownBeforeStart() {
        assertThat(TopologyApp.healthOf(null)).isEqualTo("not started");
    }
}
