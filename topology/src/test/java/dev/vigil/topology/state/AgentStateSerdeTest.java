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
        bytes[0] = 4;

        assertThatThrownBy(() -> serde.deserialize("t", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 4");
    }

    /**
     * Bytes written by format version 1 (before token_replay), checked to be exactly what the version-1 serde
     * wrote: a 3-minute ring and an open scope_escalation alert. They restore unchanged, with no recent tokens.
     */
    @Test
    void readsStateWrittenByVersionOne() {
        byte[] v1 = bytes(0x01, 0x80, 0xea, 0xb4, 0xdc, 0x95, 0x67, 0x80, 0xd3, 0x0e, 0x03, 0xba, 0x85, 0x96, 0x1c,
                0x00, 0x01, 0x02, 0x01, 0x10, 0x73, 0x63, 0x6f, 0x70, 0x65, 0x5f, 0x65, 0x73, 0x63, 0x61, 0x6c, 0x61, 0x74,
                0x69, 0x6f, 0x6e, 0x20, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64,
                0x65, 0x66, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
                0x01, 0x80, 0xea, 0xb4, 0xdc, 0x95, 0x67, 0x00, 0x00, 0x10, 0x76, 0x69, 0x67, 0x69, 0x6c, 0x2e, 0x65, 0x76,
                0x65, 0x6e, 0x74, 0x73, 0x2e, 0x76, 0x31, 0x06, 0xd0, 0x0f, 0x00, 0x01, 0x03, 0x65, 0x2d, 0x31);
        AgentState expected = AgentState.firstSeenAt(T0);
        MinuteBuckets ring = expected.requestsPerMinute(3);
        ring.add(T0 / MINUTE);
        ring.add(T0 / MINUTE + 1);
        ring.add(T0 / MINUTE + 1);
        expected.observe(T0 + 2 * MINUTE);
        OpenAlert alert = OpenAlert.opened("scope_escalation", "0123456789abcdef0123456789abcdef", T0);
        alert.evidence().add("e-1", "vigil.events.v1", 3, 1000);
        expected.open(alert);

        AgentState restored = serde.deserialize("t", v1);

        assertThat(restored).isEqualTo(expected);
        assertThat(restored.recentTokens().tokens()).isEmpty();
        byte[] rewritten = serde.serialize("t", restored);
        assertThat(rewritten[0]).isEqualTo((byte) AgentStateSerde.VERSION);
        assertThat(serde.deserialize("t", rewritten)).isEqualTo(expected);
    }

    @Test
    void roundTripKeepsRecentTokensAndTheirAddresses() {
        AgentState state = AgentState.firstSeenAt(T0);
        state.recentTokens().use("jti-1", "203.0.113.7", T0, 10 * MINUTE);
        state.recentTokens().use("jti-1", "2001:db8::1", T0 + MINUTE, 10 * MINUTE);
        state.recentTokens().use("jti-2", "198.51.100.9", T0 + 2 * MINUTE, 10 * MINUTE);
        state.recentTokens().use("x".repeat(5000), "192.0.2.1", T0 + 3 * MINUTE, 10 * MINUTE);
        state.observe(T0 + 5 * MINUTE);

        AgentState copy = serde.deserialize("t", serde.serialize("t", state));

        assertThat(copy).isEqualTo(state);
        assertThat(copy.recentTokens().tokens()).extracting(RecentTokens.Token::id)
                .containsExactly("jti-1", "jti-2", RecentTokens.compact("x".repeat(5000)));
        assertThat(copy.recentTokens().tokens().get(0).addresses()).containsExactly(
                new RecentTokens.Address("203.0.113.7", T0), new RecentTokens.Address("2001:db8::1", T0 + MINUTE));
    }

    /** Hundreds of distinct tokens, each used from its own IPv4 address: the table keeps 32, about 1.5 KB in all. */
    @Test
    void busyAgentWithHundredsOfTokensStaysUnderTwoKilobytes() {
        AgentState state = AgentState.firstSeenAt(T0);
        for (int i = 0; i < 500; i++) {
            state.recentTokens().use(java.util.UUID.nameUUIDFromBytes(("t" + i).getBytes()).toString(),
                    "203.0.113." + (i % 250), T0 + i * 100L, 10 * MINUTE);
            state.observe(T0 + i * 100L);
        }

        byte[] bytes = serde.serialize("t", state);

        assertThat(state.recentTokens().tokens()).hasSize(RecentTokens.MAX_TOKENS);
        assertThat(bytes).hasSizeLessThan(2048);
    }

    /** The hostile worst case: 32 tokens × 5 addresses, every string at or beyond the length kept verbatim. */
    @Test
    void hostileTokensAndAddressesStayUnderSixteenKilobytes() {
        AgentState state = AgentState.firstSeenAt(T0);
        for (int i = 0; i < 200; i++) {
            String jti = i + "j".repeat(10_000);
            for (int a = 0; a < 8; a++) {
                state.recentTokens().use(jti, a + ":" + "f".repeat(1_000), T0 + i * 10L + a, 10 * MINUTE);
            }
        }
        state.observe(T0 + 2_000);

        byte[] bytes = serde.serialize("t", state);

        assertThat(state.recentTokens().tokens()).hasSize(RecentTokens.MAX_TOKENS)
                .allSatisfy(token -> assertThat(token.addresses()).hasSize(RecentTokens.MAX_ADDRESSES));
        assertThat(bytes).hasSizeLessThan(16 * 1024);
        assertThat(serde.deserialize("t", bytes)).isEqualTo(state);
    }

    @Test
    void tokensNotUsedWithinTheWindowOfTheNewestUseAreDropped() {
        AgentState state = AgentState.firstSeenAt(T0);
        state.recentTokens().use("jti-old", "203.0.113.7", T0, 10 * MINUTE);
        state.recentTokens().use("jti-new", "203.0.113.7", T0 + 10 * MINUTE + 1, 10 * MINUTE);

        assertThat(state.recentTokens().tokens()).extracting(RecentTokens.Token::id).containsExactly("jti-new");
    }

    @Test
    void refusesATokenTableLargerThanItsCapacity() {
        AgentState state = AgentState.firstSeenAt(T0);
        state.recentTokens().use("jti-1", "203.0.113.7", T0, 10 * MINUTE);
        byte[] bytes = serde.serialize("t", state);
        int afterTokens = 4; // flags, breaker state, breaker since, no sections
        int countAt = bytes.length - afterTokens - 1 - (1 + "jti-1".length()) - 1 - (1 + "203.0.113.7".length()) - 1;
        assertThat(bytes[countAt]).isEqualTo((byte) 1);
        bytes[countAt] = 33;

        assertThatThrownBy(() -> serde.deserialize("t", bytes)).hasMessageContaining("recent token count 33");
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
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

    /** A detector's section, as a detector would write one: a counter and a running mean. */
    static final class Counter implements StateSection {
        long count;
        double mean;

        @Override
        public void write(StateWriter out) {
            out.writeUnsigned(count);
            out.writeDouble(mean);
        }

        static Counter read(StateReader in) {
            Counter c = new Counter();
            c.count = in.readUnsigned();
            c.mean = in.readDouble();
            return c;
        }
    }

    static final SectionType<Counter> COUNTER = new SectionType<>("counter", Counter::new, Counter::read);

    @Test
    void sectionsBreakerAndCalibrationSurviveARoundTrip() {
        AgentState state = AgentState.firstSeenAt(T0);
        Counter counter = state.section(COUNTER);
        counter.count = 300;
        counter.mean = 0.1 + 0.2;
        state.endCalibration();
        state.breaker(dev.vigil.avro.BreakerState.HALTED, T0 + MINUTE);

        AgentState restored = serde.deserialize("t", serde.serialize("t", state));

        assertThat(restored).isEqualTo(state);
        assertThat(restored.section(COUNTER).count).isEqualTo(300);
        assertThat(restored.section(COUNTER).mean).isEqualTo(0.1 + 0.2);
        assertThat(restored.calibrationEnded()).isTrue();
        assertThat(restored.calibrating(T0 + MINUTE, 7)).isFalse();
        assertThat(restored.breaker()).isEqualTo(dev.vigil.avro.BreakerState.HALTED);
        assertThat(restored.breakerSince()).isEqualTo(T0 + MINUTE);
    }

    @Test
    void aSectionNoDetectorTouchedIsWrittenBackAsItsOwnBytes() {
        AgentState state = AgentState.firstSeenAt(T0);
        state.section(COUNTER).count = 7;
        byte[] once = serde.serialize("t", state);

        byte[] twice = serde.serialize("t", serde.deserialize("t", once));

        assertThat(twice).isEqualTo(once);
    }

    @Test
    void aCorruptSectionIsNamedWhenItsDetectorReadsIt() {
        AgentState state = AgentState.firstSeenAt(T0);
        state.section(COUNTER).count = 7;
        byte[] bytes = serde.serialize("t", state);
        bytes[bytes.length - 9] = (byte) 0x80; // the count's varint now runs into the double
        AgentState restored = serde.deserialize("t", bytes);

        assertThatThrownBy(() -> restored.section(COUNTER))
                .isInstanceOf(SerializationException.class).hasMessageContaining("'counter' section");
    }

    @Test
    void calibrationLastsTheAgentsFirstDaysOfActivity() {
        AgentState state = AgentState.firstSeenAt(T0);
        long day = 24 * 60 * MINUTE;

        assertThat(state.calibrating(T0 + 7 * day - 1, 7)).isTrue();
        assertThat(state.calibrating(T0 + 7 * day, 7)).isFalse();
        assertThat(state.calibrating(T0, 0)).isFalse();
    }
}
