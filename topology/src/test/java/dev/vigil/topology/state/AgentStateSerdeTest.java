package dev.vigil.topology.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AgentStateSerdeTest {

    private static final long T0 = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    private final AgentStateSerde serde = new AgentStateSerde();

    @Test
    void roundTripKeepsEverything() {
        AgentState state = AgentState.firstSeenAt(T0);
        MinuteBuckets ring = state.requestsPerMinute(65);
        for (int m = 0; m < 90; m++) {
            for (int i = 0; i < m % 7; i++) {
                ring.add(T0 / MINUTE + m);
            }
        }
        state.observe(T0 + 90 * MINUTE);
        OpenAlert alert = OpenAlert.opened("velocity_spike", "0123456789abcdef0123456789abcdef", T0 + 10 * MINUTE);
        alert.evidence().add("e-1", "vigil.events.v1", 3, 1000);
        alert.fold(T0 + 20 * MINUTE);
        alert.evidence().add("e-2", "vigil.events.v1", 3, 1500);
        state.open(alert);
        OpenAlert unlocated = OpenAlert.opened("unknown_agent", "fedcba9876543210fedcba9876543210", T0);
        unlocated.evidence().add("ü-événement", null, -1, -1);
        state.open(unlocated);

        AgentState copy = serde.deserialize("t", serde.serialize("t", state));

        assertThat(copy).isEqualTo(state);
        assertThat(copy.requestsPerMinute(65).sum(T0 / MINUTE + 80, T0 / MINUTE + 89)).isEqualTo(ring.sum(T0 / MINUTE + 80, T0 / MINUTE + 89));
        assertThat(copy.openAlert("unknown_agent").orElseThrow().evidence().eventIds()).containsExactly("ü-événement");
    }

    @Test
    void startsWithItsVersionByte() {
        assertThat(serde.serialize("t", AgentState.firstSeenAt(T0))[0]).isEqualTo((byte) AgentStateSerde.VERSION);
    }

    @Test
    void quietAgentTakesUnderAHundredBytes() {
        AgentState state = AgentState.firstSeenAt(T0);
        for (int m = 0; m < 65; m++) {
            state.requestsPerMinute(65).add(T0 / MINUTE + m);
        }
        state.observe(T0 + 65 * MINUTE);

        assertThat(serde.serialize("t", state)).hasSizeLessThan(100);
    }

    @Test
    void busyAgentTakesTheSameFewBytesWhateverItsTraffic() {
        AgentState state = AgentState.firstSeenAt(T0);
        MinuteBuckets ring = state.requestsPerMinute(65);
        for (int m = 0; m < 65; m++) {
            for (int i = 0; i < 10_000; i++) {
                ring.add(T0 / MINUTE + m);
            }
        }

        assertThat(serde.serialize("t", state)).hasSizeLessThan(220);
    }

    @Test
    void openAlertWithFullEvidenceStaysUnderAKilobyte() {
        AgentState state = AgentState.firstSeenAt(T0);
        OpenAlert alert = OpenAlert.opened("scope_escalation", "0123456789abcdef0123456789abcdef", T0);
        for (int i = 0; i < 100; i++) {
            alert.evidence().add("2b1f0c4e-7a3d-4f5e-9c1b-%012d".formatted(i), "vigil.events.v1", 0, i);
            alert.fold(T0 + i);
        }
        state.open(alert);

        assertThat(alert.evidence().eventIds()).hasSize(20);
        assertThat(serde.serialize("t", state)).hasSizeLessThan(1024);
    }

    @Test
    void refusesAnUnknownVersionSayingSo() {
        byte[] bytes = serde.serialize("t", AgentState.firstSeenAt(T0));
        bytes[0] = 2;

        assertThatThrownBy(() -> serde.deserialize("t", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 2");
    }

    @Test
    void refusesTruncatedBytes() {
        AgentState state = AgentState.firstSeenAt(T0);
        state.open(OpenAlert.opened("unknown_agent", "0123456789abcdef0123456789abcdef", T0));
        byte[] bytes = serde.serialize("t", state);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> serde.deserialize("t", truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Corrupt agent state");
    }

    @Test
    void refusesTrailingBytes() {
        byte[] bytes = serde.serialize("t", AgentState.firstSeenAt(T0));
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> serde.deserialize("t", longer)).hasMessageContaining("trailing");
    }

    @Test
    void nullIsNull() {
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }
}
