package dev.vigil.topology.state;

import dev.vigil.avro.BreakerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The bytes of an {@link AgentState} in the state store and its changelog: a version byte, then varints.
 * The version byte lets a later release read what this one wrote (and refuse, clearly, what it cannot).
 *
 * <p>Format version 3 (written now) is version 2 with, after each open alert, a zigzag: the level of its last
 * emission ({@code OpenAlert.level}; -1 unknown); and followed by:
 * <pre>
 *   varint  flags (bit 0: calibration ended early by MARK_CALIBRATED)
 *   varint  circuit-breaker state (ordinal of BreakerState), zigzag since (epoch ms)
 *   varint  number of detector sections, then per section: string name, varint length, that many bytes
 * </pre>
 * Each section's bytes are its detector's own format ({@link StateSection}); they are decoded only when a
 * detector asks for the section, so a restored agent costs nothing for detectors its next event does not reach.
 *
 * <p>Format version 2, in order:
 * <pre>
 *   u8      version (2)
 *   zigzag  firstEventAt (epoch ms)
 *   zigzag  lastEventAt - firstEventAt
 *   varint  size of the requests ring (0: none yet)
 *     zigzag  newest minute (epoch minutes)        } only when size &gt; 0
 *     varint  count per minute, oldest first, × size }
 *   varint  number of open alerts, then per alert:
 *     string ruleId, string alertId, varint occurrences,
 *     zigzag firstSeen, zigzag lastSeen - firstSeen, zigzag lastEmitted - firstSeen,
 *     nullable string evidence topic, zigzag partition, zigzag firstOffset, zigzag lastOffset - firstOffset,
 *     varint number of event ids, string × that
 *   varint  number of recent tokens (0: none), then per token:
 *     string jti (or its sha256), varint number of addresses, then per address:
 *       string ip (or its sha256), zigzag lastUse - lastEventAt
 * </pre>
 * Version 1 is the same without the recent tokens (ending after the open alerts); it is still read, as an agent
 * without recent tokens, so a state written before {@code token_replay} existed restores unchanged. Versions 1
 * and 2 read as an agent in MONITORING, calibration not ended, without sections.
 *
 * <p>Bytes per agent: about 85 for an agent without open alerts — 1 + ~6 + ~3 for the times, ~5 for the ring
 * size and head and 70 one-byte counts with the default settings (2 bytes per minute above 127 events/min, 3
 * above 16,383), so at most ~230 bytes whatever the traffic. Each open alert adds ~60 bytes plus its event ids (at most 20; ~37 bytes for a UUID),
 * so at most ~800 bytes. The recent tokens ({@link RecentTokens}) add, per token, its id (~37 bytes for a UUID
 * jti, at most 65) and ~15 bytes per IPv4 address (~45 for a long IPv6 one, at most 68). Measured: 1,740 bytes
 * for a busy agent after 500 distinct tokens from IPv4 addresses (the table keeps 32), 10,124 bytes for the hostile
 * case of 32 tokens × 5 addresses all given as 1–10 KB strings (kept as 50-character digests); the ceiling, with
 * every string exactly 64 bytes, is ~13 KB (AgentStateSerdeTest). The store key (the agentId) and RocksDB's overhead come on top.
 */
public final class AgentStateSerde implements Serde<AgentState>, Serializer<AgentState>, Deserializer<AgentState> {

    public static final int VERSION = 3;

    /** The format of {@code token_replay}: no breaker, calibration flag or detector sections. */
    static final int VERSION_2 = 2;

    /** The format before {@code token_replay}: no recent tokens. */
    static final int VERSION_1 = 1;

    private static final int MAX_RING = 10_000;
    private static final int MAX_OPEN_ALERTS = 1_000;
    private static final int MAX_SECTIONS = 256;
    private static final int FLAG_CALIBRATION_ENDED = 1;

    @Override
    public byte[] serialize(String topic, AgentState state) {
        if (state == null) {
            return null;
        }
        StateWriter out = new StateWriter();
        out.writeByte(VERSION);
        out.writeSigned(state.firstEventAt());
        out.writeSigned(state.lastEventAt() - state.firstEventAt());
        writeRing(out, state.requestsPerMinuteOrNull());
        out.writeUnsigned(state.openAlerts().size());
        for (OpenAlert alert : state.openAlerts()) {
            writeAlert(out, alert);
            out.writeSigned(alert.emittedLevel());
        }
        writeTokens(out, state.recentTokensOrNull(), state.lastEventAt());
        out.writeUnsigned(state.calibrationEnded() ? FLAG_CALIBRATION_ENDED : 0);
        out.writeUnsigned(state.breaker().ordinal());
        out.writeSigned(state.breakerSince());
        Map<String, byte[]> sections = state.sectionBytes();
        out.writeUnsigned(sections.size());
        sections.forEach((name, bytes) -> {
            out.writeString(name);
            out.writeBytes(bytes);
        });
        return out.toByteArray();
    }

    @Override
    public AgentState deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        StateReader in = new StateReader(bytes);
        int version = in.readByte();
        if (version != VERSION && version != VERSION_2 && version != VERSION_1) {
            throw new SerializationException("Agent state format version " + version
                    + " is not readable by this version of Vigil (it reads versions " + VERSION_1 + " to " + VERSION + ")");
        }
        long first = in.readSigned();
        long last = first + in.readSigned();
        MinuteBuckets ring = readRing(in);
        int alerts = in.readCount(MAX_OPEN_ALERTS, "open alert");
        TreeMap<String, OpenAlert> open = new TreeMap<>();
        for (int i = 0; i < alerts; i++) {
            OpenAlert alert = readAlert(in);
            if (version >= VERSION) {
                alert.restoreEmittedLevel((int) in.readSigned());
            }
            open.put(alert.ruleId(), alert);
        }
        RecentTokens tokens = version == VERSION_1 ? null : readTokens(in, last);
        if (version < VERSION) {
            in.expectEnd();
            return new AgentState(first, last, ring, tokens, open);
        }
        long flags = in.readUnsigned();
        int breakerOrdinal = in.readCount(BreakerState.values().length - 1, "breaker state");
        long breakerSince = in.readSigned();
        int sectionCount = in.readCount(MAX_SECTIONS, "state section");
        TreeMap<String, Object> sections = new TreeMap<>();
        for (int i = 0; i < sectionCount; i++) {
            String name = in.readString();
            sections.put(name, in.readBytes());
        }
        in.expectEnd();
        AgentState state = new AgentState(first, last, ring, tokens, open, sections);
        if ((flags & FLAG_CALIBRATION_ENDED) != 0) {
            state.endCalibration();
        }
        state.breaker(BreakerState.values()[breakerOrdinal], breakerSince);
        return state;
    }

    private static void writeRing(StateWriter out, MinuteBuckets ring) {
        if (ring == null || ring.isEmpty()) {
            out.writeUnsigned(0);
            return;
        }
        out.writeUnsigned(ring.size());
        out.writeSigned(ring.head());
        for (int count : ring.countsOldestFirst()) {
            out.writeUnsigned(count);
        }
    }

    private static MinuteBuckets readRing(StateReader in) {
        int size = in.readCount(MAX_RING, "ring size");
        if (size == 0) {
            return null;
        }
        long head = in.readSigned();
        int[] counts = new int[size];
        for (int i = 0; i < size; i++) {
            long count = in.readUnsigned();
            if (count > Integer.MAX_VALUE) {
                throw in.corrupt("minute count " + count + " out of range");
            }
            counts[i] = (int) count;
        }
        return MinuteBuckets.restore(head, counts);
    }

    private static void writeTokens(StateWriter out, RecentTokens tokens, long lastEventAt) {
        if (tokens == null) {
            out.writeUnsigned(0);
            return;
        }
        out.writeUnsigned(tokens.tokens().size());
        for (RecentTokens.Token token : tokens.tokens()) {
            out.writeString(token.id());
            out.writeUnsigned(token.addresses().size());
            for (RecentTokens.Address address : token.addresses()) {
                out.writeString(address.ip());
                out.writeSigned(address.lastUse() - lastEventAt);
            }
        }
    }

    private static RecentTokens readTokens(StateReader in, long lastEventAt) {
        int count = in.readCount(RecentTokens.MAX_TOKENS, "recent token");
        if (count == 0) {
            return null;
        }
        List<RecentTokens.Token> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = in.readString();
            int addresses = in.readCount(RecentTokens.MAX_ADDRESSES, "token address");
            List<RecentTokens.Address> list = new ArrayList<>(addresses);
            for (int j = 0; j < addresses; j++) {
                String ip = in.readString();
                list.add(new RecentTokens.Address(ip, lastEventAt + in.readSigned()));
            }
            tokens.add(new RecentTokens.Token(id, list));
        }
        return new RecentTokens(tokens);
    }

    private static void writeAlert(StateWriter out, OpenAlert alert) {
        out.writeString(alert.ruleId());
        out.writeString(alert.alertId());
        out.writeUnsigned(alert.occurrences());
        out.writeSigned(alert.firstSeen());
        out.writeSigned(alert.lastSeen() - alert.firstSeen());
        out.writeSigned(alert.lastEmitted() - alert.firstSeen());
        Evidence evidence = alert.evidence();
        out.writeNullableString(evidence.topic());
        out.writeSigned(evidence.partition());
        out.writeSigned(evidence.firstOffset());
        out.writeSigned(evidence.lastOffset() - evidence.firstOffset());
        out.writeUnsigned(evidence.eventIds().size());
        for (String id : evidence.eventIds()) {
            out.writeString(id);
        }
    }

    private static OpenAlert readAlert(StateReader in) {
        String ruleId = in.readString();
        String alertId = in.readString();
        long occurrences = in.readUnsigned();
        long firstSeen = in.readSigned();
        long lastSeen = firstSeen + in.readSigned();
        long lastEmitted = firstSeen + in.readSigned();
        String topic = in.readNullableString();
        int partition = (int) in.readSigned();
        long firstOffset = in.readSigned();
        long lastOffset = firstOffset + in.readSigned();
        int ids = in.readCount(Evidence.MAX_EVENT_IDS, "evidence event id");
        List<String> eventIds = new ArrayList<>(ids);
        for (int i = 0; i < ids; i++) {
            eventIds.add(in.readString());
        }
        return new OpenAlert(ruleId, alertId, occurrences, firstSeen, lastSeen, lastEmitted,
                new Evidence(eventIds, topic, partition, firstOffset, lastOffset));
    }

    @Override
    public Serializer<AgentState> serializer() {
        return this;
    }

    @Override
    public Deserializer<AgentState> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure; declared because Serde, Serializer and Deserializer each have a default
    }

    @Override
    public void close() {
        // nothing to release; declared because Serde, Serializer and Deserializer each have a default
    }
}
