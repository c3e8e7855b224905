package dev.vigil.lifecycle.view;

import dev.vigil.avro.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The alert view's index in list order, so that a page of alerts costs what the page holds, not what the view holds.
 *
 * <p>The store {@value LifecycleTopology#ALERT_ORDER_STORE} sits beside the view store in the same task (same
 * partition, same changelog discipline) and is kept by {@link AlertViewProcessor} with every change of a view. Its
 * key sorts like {@link AlertFilter#ORDER}: 16 hex digits of {@code Long.MAX_VALUE - detectedAt} (newest first) then
 * the alertId; its value ({@link Entry}) holds what a filter looks at: status, severity, tenant, agent, rule and
 * category. A list walks the index of each local partition from the cursor (or from {@code until}) and stops at
 * {@code since} or once it has {@code limit} matches, then reads only those views; the partitions' pages are merged
 * by key. A filter that matches few alerts still walks the index, but an entry is a few dozen bytes to read, where a
 * view is a kilobyte of JSON.
 *
 * <p>A store built before the index existed is indexed once when its task starts ({@link #BUILT}, a marker key that
 * sorts before every entry).
 */
public final class AlertOrderIndex {

    /** Marker key: the index of this partition is complete. Sorts before every entry key (a NUL first). */
    public static final String BUILT = "\u0000built";
    private static final int TIME_DIGITS = 16;

    private AlertOrderIndex() {
    }

    /** What a filter needs of a view, kept in the index. */
    public record Entry(AlertStatus status, Severity severity, String tenantId, String agentId, String ruleId,
                        String category) {

        public static Entry of(AlertView view) {
            var alert = view.alert();
            return new Entry(view.status(), alert.getSeverity(), alert.getTenantId(), alert.getAgentId(),
                    alert.getRuleId(), alert.getCategory());
        }

        /** The filter's criteria that the entry can judge (time and cursor are the key's business). */
        boolean matches(AlertFilter filter) {
            return filter.tenant().map(tenantId::equals).orElse(true)
                    && filter.status().map(s -> s == status).orElse(true)
                    && filter.severity().map(s -> s == severity).orElse(true)
                    && filter.ruleId().map(ruleId::equals).orElse(true)
                    && filter.category().map(category::equals).orElse(true)
                    && filter.agentId().map(agentId::equals).orElse(true);
        }
    }

    /** The index key of a view. */
    public static String key(AlertView view) {
        return key(view.alert().getDetectedAt(), view.alertId());
    }

    static String key(Instant detectedAt, String alertId) {
        return timePrefix(detectedAt) + alertId;
    }

    private static String timePrefix(Instant detectedAt) {
        String hex = Long.toHexString(Long.MAX_VALUE - detectedAt.toEpochMilli());
        return "0".repeat(TIME_DIGITS - hex.length()) + hex.toLowerCase(Locale.ROOT);
    }

    /** The first key a list may return: after the cursor, else at {@code until} (exclusive), else the newest. */
    static String from(AlertFilter filter) {
        String start = "\u0001";
        if (filter.until().isPresent()) {
            start = timePrefix(filter.until().get().minusMillis(1));
        }
        if (filter.after().isPresent()) {
            // the position's own key plus NUL: strictly after it, before any greater alertId of the same time
            String afterCursor = key(filter.after().get().detectedAt(), filter.after().get().alertId()) + "\u0000";
            start = afterCursor.compareTo(start) > 0 ? afterCursor : start;
        }
        return start;
    }

    /** The last key a list may return: at {@code since} (inclusive), else the oldest. */
    static String to(AlertFilter filter) {
        return filter.since().map(since -> timePrefix(since) + "\uffff").orElse("\uffff");
    }

    /**
     * The page {@code filter} selects, from the indexes of the partitions in {@code partitions}, in
     * {@link AlertFilter#ORDER}, at most {@code limit}: each partition contributes its first {@code limit} matches and
     * the merge keeps the first {@code limit} overall; only those views are read ({@code views}). A view that changed
     * between the index and its read is judged again and left out if it no longer matches, so a page can come out
     * shorter under a concurrent change (its cursor still continues correctly).
     */
    public static List<AlertView> page(List<ReadOnlyKeyValueStore<String, Entry>> partitions, AlertFilter filter,
                                       Function<String, AlertView> views) {
        String from = from(filter);
        String to = to(filter);
        PriorityQueue<String> best = new PriorityQueue<>(Comparator.reverseOrder());
        if (from.compareTo(to) <= 0) {
            for (ReadOnlyKeyValueStore<String, Entry> index : partitions) {
                int taken = 0;
                try (KeyValueIterator<String, Entry> range = index.range(from, to)) {
                    while (range.hasNext() && taken < filter.limit()) {
                        KeyValue<String, Entry> entry = range.next();
                        if (entry.value != null && entry.value.matches(filter)) {
                            taken++;
                            best.add(entry.key);
                            if (best.size() > filter.limit()) {
                                best.poll();
                            }
                        }
                    }
                }
            }
        }
        List<String> keys = new ArrayList<>(best);
        keys.sort(Comparator.naturalOrder());
        List<AlertView> page = new ArrayList<>(keys.size());
        for (String key : keys) {
            AlertView view = views.apply(key.substring(TIME_DIGITS));
            if (view != null && filter.matches(view)) {
                page.add(view);
            }
        }
        return page;
    }

    /**
     * Every alert {@code filter} selects in the indexes of {@code partitions}, as summaries, walking only the
     * filter's time range (its limit aside).
     */
    public static void summaries(List<ReadOnlyKeyValueStore<String, Entry>> partitions, AlertFilter filter,
                                 java.util.function.Consumer<AlertSummary> visitor) {
        String from = from(filter);
        String to = to(filter);
        if (from.compareTo(to) > 0) {
            return;
        }
        for (ReadOnlyKeyValueStore<String, Entry> index : partitions) {
            try (KeyValueIterator<String, Entry> range = index.range(from, to)) {
                while (range.hasNext()) {
                    KeyValue<String, Entry> entry = range.next();
                    if (entry.value != null && entry.value.matches(filter)) {
                        visitor.accept(new AlertSummary(entry.key.substring(TIME_DIGITS), detectedAt(entry.key), entry.value));
                    }
                }
            }
        }
    }

    private static Instant detectedAt(String key) {
        return Instant.ofEpochMilli(Long.MAX_VALUE - Long.parseUnsignedLong(key.substring(0, TIME_DIGITS), 16));
    }

    /** The index store's value serde: a few length-prefixed strings. */
    public static final class EntrySerde implements Serde<Entry> {

        @Override
        public Serializer<Entry> serializer() {
            return (topic, entry) -> {
                if (entry == null) {
                    return null;
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    out.writeByte(1);
                    out.writeByte(entry.status().ordinal());
                    out.writeByte(entry.severity().ordinal());
                    out.writeUTF(entry.tenantId());
                    out.writeUTF(entry.agentId());
                    out.writeUTF(entry.ruleId());
                    out.writeUTF(entry.category());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return bytes.toByteArray();
            };
        }

        @Override
        public Deserializer<Entry> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null || bytes.length == 0) {
                    return null;
                }
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                    in.readByte();
                    return new Entry(AlertStatus.values()[in.readByte()], Severity.values()[in.readByte()], in.readUTF(),
                            in.readUTF(), in.readUTF(), in.readUTF());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }
    }

    /** The marker's value (never read as an entry: its key is outside every range a list walks). */
    static final Entry MARKER = new Entry(AlertStatus.OPEN, Severity.low, "", "", "", "");
}
