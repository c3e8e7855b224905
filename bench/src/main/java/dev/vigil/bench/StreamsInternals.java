package dev.vigil.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What Kafka Streams' public API does not show about a stuck run, read by reflection from its internals (Kafka
 * Streams 4.3): per stream thread, the main consumer's paused partitions, positions and lags as the task-idling
 * logic sees them; per active task, its buffered records per partition, the fetched lags and idling deadlines of
 * its partition group, and whether it waits on a commit. Diagnostics only — read from another thread without
 * the stream thread's locks, so a value may be a moment stale, and every item degrades to "unavailable" when the
 * internals differ rather than failing the report.
 */
final class StreamsInternals {

    private StreamsInternals() {
    }

    static String describe(KafkaStreams streams) {
        StringBuilder out = new StringBuilder();
        List<?> threads;
        try {
            threads = List.copyOf((List<?>) field(streams, "threads"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "  (Streams internals unavailable: " + e + ")\n";
        }
        for (Object thread : threads) {
            out.append("  thread ").append(((Thread) thread).getName()).append('\n');
            describeConsumer(thread, out);
            describeTasks(thread, out);
        }
        return out.toString();
    }

    private static void describeConsumer(Object thread, StringBuilder out) {
        try {
            Object consumer = call(thread, "mainConsumer");
            Object subscriptions = subscriptions(consumer);
            @SuppressWarnings("unchecked")
            Set<TopicPartition> assigned = (Set<TopicPartition>) call(subscriptions, "assignedPartitions");
            out.append("    main consumer (").append(consumer.getClass().getSimpleName()).append("): paused ")
                    .append(sorted(call(subscriptions, "pausedPartitions"))).append('\n');
            List<TopicPartition> partitions = new ArrayList<>(assigned);
            partitions.sort(Comparator.comparing(TopicPartition::toString));
            for (TopicPartition tp : partitions) {
                out.append("      ").append(tp)
                        .append(" position=").append(safe(() -> position(subscriptions, tp)))
                        .append(" lag(read_committed)=").append(safe(() -> callWith(subscriptions, "partitionLag", tp)))
                        .append(" endOffset(read_committed)=").append(safe(() -> callWith(subscriptions, "partitionEndOffset", tp)))
                        .append(" paused=").append(safe(() -> call(subscriptions, "isPaused", new Class<?>[] {TopicPartition.class}, tp)))
                        .append('\n');
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            out.append("    main consumer: unavailable (").append(e).append(")\n");
        }
    }

    private static void describeTasks(Object thread, StringBuilder out) {
        try {
            Object taskManager = call(thread, "taskManager");
            Map<?, ?> tasks = retrying(() -> new TreeMap<>((Map<?, ?>) call(taskManager, "activeTaskMap")));
            Object producer = call(taskManager, "streamsProducer");
            out.append("    streams producer: transactionInFlight=").append(safe(() -> field(producer, "transactionInFlight")))
                    .append('\n');
            for (Map.Entry<?, ?> entry : tasks.entrySet()) {
                Object task = entry.getValue();
                out.append("    task ").append(entry.getKey()).append(" (").append(task.getClass().getSimpleName()).append(") state=")
                        .append(safe(() -> call(task, "state")))
                        .append(" commitNeeded=").append(safe(() -> field(task, "commitNeeded")))
                        .append(" commitRequested=").append(safe(() -> field(task, "commitRequested")))
                        .append(" hasPendingTxCommit=").append(safe(() -> field(task, "hasPendingTxCommit")))
                        .append(" currentRecord=").append(safe(() -> field(task, "record") == null ? "none" : "set"))
                        .append(" timeCurrentIdlingStarted=").append(safe(() -> field(task, "timeCurrentIdlingStarted")))
                        .append('\n');
                out.append("      consumedOffsets=").append(safe(() -> sorted(field(task, "consumedOffsets")))).append('\n');
                describePartitionGroup(task, out);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            out.append("    tasks: unavailable (").append(e).append(")\n");
        }
    }

    private static void describePartitionGroup(Object task, StringBuilder out) throws ReflectiveOperationException {
        Object group = field(task, "partitionGroup");
        if (!group.getClass().getSimpleName().equals("PartitionGroup")) {
            Object wrapped = safeField(group, "wrapped");
            group = wrapped == null ? group : wrapped;
        }
        Object g = group;
        out.append("      partition group: streamTime=").append(safe(() -> field(g, "streamTime")))
                .append(" totalBuffered=").append(safe(() -> field(g, "totalBuffered")))
                .append(" allBuffered=").append(safe(() -> field(g, "allBuffered")))
                .append(" maxTaskIdleMs=").append(safe(() -> field(g, "maxTaskIdleMs")))
                .append('\n');
        out.append("        buffered per partition=").append(safe(() -> {
            Map<String, Object> sizes = new TreeMap<>();
            for (Map.Entry<?, ?> queue : ((Map<?, ?>) field(g, "partitionQueues")).entrySet()) {
                sizes.put(queue.getKey().toString(), call(queue.getValue(), "size"));
            }
            return sizes;
        })).append('\n');
        out.append("        fetchedLags=").append(safe(() -> sorted(field(g, "fetchedLags"))))
                .append(" idlePartitionDeadlines=").append(safe(() -> sorted(field(g, "idlePartitionDeadlines"))))
                .append('\n');
    }

    private static Object subscriptions(Object consumer) throws ReflectiveOperationException {
        Object current = consumer;
        for (int depth = 0; depth < 4; depth++) {
            Object subscriptions = safeField(current, "subscriptions");
            if (subscriptions != null) {
                return subscriptions;
            }
            Object delegate = safeField(current, "delegate");
            if (delegate == null) {
                break;
            }
            current = delegate;
        }
        throw new NoSuchFieldException("subscriptions in " + consumer.getClass().getName());
    }

    private static Object position(Object subscriptions, TopicPartition tp) throws ReflectiveOperationException {
        Object position = call(subscriptions, "positionOrNull", new Class<?>[] {TopicPartition.class}, tp);
        return position == null ? "none" : field(position, "offset");
    }

    private static Object callWith(Object subscriptions, String method, TopicPartition tp) throws ReflectiveOperationException {
        return call(subscriptions, method, new Class<?>[] {TopicPartition.class, IsolationLevel.class}, tp,
                IsolationLevel.READ_COMMITTED);
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            retrying(() -> {
                sorted.clear();
                map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
                return sorted;
            });
            return sorted;
        }
        if (value instanceof Set<?> set) {
            List<String> names = new ArrayList<>();
            set.forEach(v -> names.add(String.valueOf(v)));
            names.sort(null);
            return names;
        }
        return value;
    }

    static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name + " in " + target.getClass().getName());
    }

    private static Object safeField(Object target, String name) {
        try {
            return field(target, name);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Object call(Object target, String name) throws ReflectiveOperationException {
        return call(target, name, new Class<?>[0]);
    }

    private static Object call(Object target, String name, Class<?>[] types, Object... args) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Method method = type.getDeclaredMethod(name, types);
                method.setAccessible(true);
                return method.invoke(target, args);
            } catch (NoSuchMethodException e) {
                // look in the superclass
            }
        }
        throw new NoSuchMethodException(name + " in " + target.getClass().getName());
    }

    private interface Read {
        Object get() throws Exception;
    }

    private static Object safe(Read read) {
        try {
            return retrying(read);
        } catch (RuntimeException e) {
            return "unavailable (" + e + ")";
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T retrying(Read read) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return (T) read.get();
            } catch (ConcurrentModificationException e) {
                last = e;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.toString(), e);
            }
        }
        throw last;
    }
}
