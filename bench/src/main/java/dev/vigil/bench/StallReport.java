package dev.vigil.bench;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;

/**
 * Everything needed to tell why a topology stopped making progress, gathered once when a run stalls: offsets
 * (committed, end, last stable) of every input, Kafka Streams' own view of its threads and tasks, the metrics that
 * explain waiting (task idling, consumer lag, polls, transactions), Streams internals (paused partitions, buffered
 * records, fetched lags), the last INFO lines of Streams and the clients, a few seconds of TRACE from the loggers
 * that say why a task is not processed, and stack traces of the application's threads before and after.
 */
final class StallReport {

    /** Loggers recorded at TRACE for {@link #TRACE_WINDOW}: task readiness, the thread's loop, commits. */
    static final List<String> TRACE_LOGGERS = List.of(
            "org.apache.kafka.streams.processor.internals.PartitionGroup",
            "org.apache.kafka.streams.processor.internals.StreamTask",
            "org.apache.kafka.streams.processor.internals.TaskManager",
            "org.apache.kafka.streams.processor.internals.TaskExecutor",
            "org.apache.kafka.streams.processor.internals.StreamThread",
            "org.apache.kafka.streams.processor.internals.StreamsProducer");
    static final Duration TRACE_WINDOW = Duration.ofSeconds(3);
    private static final int TRACE_LINES = 400;
    private static final int LOG_LINES = 200;
    private static final int STACK_DEPTH = 60;

    /** Metric groups printed whole (per task, per thread). */
    private static final Set<String> WHOLE_GROUPS = Set.of("stream-task-metrics", "stream-thread-metrics");
    /** Single metrics printed from the clients' groups. */
    private static final Set<String> CLIENT_METRICS = Set.of(
            "records-lag", "records-lead", "records-lag-max", "last-poll-seconds-ago", "time-between-poll-avg",
            "time-between-poll-max", "poll-idle-ratio-avg", "fetch-total", "records-consumed-total",
            "last-rebalance-seconds-ago", "rebalance-total", "failed-rebalance-total", "commit-total",
            "assigned-partitions", "txn-init-time-ns-total", "txn-begin-time-ns-total", "txn-send-offsets-time-ns-total",
            "txn-commit-time-ns-total", "txn-abort-time-ns-total", "record-send-total", "record-error-total",
            "buffer-available-bytes", "bufferpool-wait-time-ns-total", "requests-in-flight", "waiting-threads",
            "flush-time-ns-total");

    private StallReport() {
    }

    static String build(String applicationId, CatchUp catchUp, List<String> otherTopics, KafkaStreams streams,
                        KafkaLogRecorder recorder) {
        StringBuilder out = new StringBuilder();
        section(out, "offsets (group " + applicationId + ")", () -> catchUp.describeOffsets(otherTopics));
        if (streams == null) {
            out.append("(no Kafka Streams handle for this topology)\n");
        } else {
            section(out, "Kafka Streams state and local thread metadata", () -> metadata(streams));
            section(out, "Streams internals (reflection)", () -> StreamsInternals.describe(streams));
            section(out, "metrics", () -> metrics(streams));
        }
        section(out, "threads of " + applicationId + " (first look)", () -> threads(applicationId));
        section(out, "Kafka Streams / clients log, INFO and above, last " + LOG_LINES + " lines",
                () -> String.join("\n", recorder.last(LOG_LINES)) + "\n");
        section(out, "TRACE for " + TRACE_WINDOW.toSeconds() + " s from " + TRACE_LOGGERS, () -> trace(recorder));
        section(out, "threads of " + applicationId + " (after " + TRACE_WINDOW.toSeconds() + " s)",
                () -> threads(applicationId));
        if (streams != null) {
            section(out, "Streams internals (after " + TRACE_WINDOW.toSeconds() + " s)", () -> StreamsInternals.describe(streams));
        }
        return out.toString();
    }

    private interface Part {
        String get() throws Exception;
    }

    private static void section(StringBuilder out, String title, Part part) {
        out.append("=== ").append(title).append(" ===\n");
        try {
            out.append(part.get());
        } catch (Exception e) {
            out.append("  (unavailable: ").append(e).append(")\n");
        }
    }

    private static String metadata(KafkaStreams streams) {
        StringBuilder out = new StringBuilder("  state=" + streams.state() + "\n");
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            out.append("  thread ").append(thread.threadName()).append(" state=").append(thread.threadState())
                    .append(" consumer=").append(thread.consumerClientId()).append(" producers=")
                    .append(thread.producerClientIds()).append('\n');
            for (TaskMetadata task : thread.activeTasks()) {
                out.append("    active task ").append(task.taskId()).append(" partitions=")
                        .append(new java.util.TreeSet<>(task.topicPartitions().stream().map(Object::toString).toList()))
                        .append("\n      committedOffsets=").append(new TreeMap<>(stringKeys(task.committedOffsets())))
                        .append("\n      endOffsets=").append(new TreeMap<>(stringKeys(task.endOffsets())))
                        .append("\n      timeCurrentIdlingStarted=").append(task.timeCurrentIdlingStarted()
                                .map(t -> t + " (" + (System.currentTimeMillis() - t) + " ms ago)").orElse("not idling"))
                        .append('\n');
            }
            for (TaskMetadata task : thread.standbyTasks()) {
                out.append("    standby task ").append(task.taskId()).append('\n');
            }
        }
        return out.toString();
    }

    private static Map<String, Long> stringKeys(Map<?, Long> offsets) {
        Map<String, Long> out = new TreeMap<>();
        offsets.forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }

    private static String metrics(KafkaStreams streams) {
        Map<String, Object> lines = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (WHOLE_GROUPS.contains(name.group()) || CLIENT_METRICS.contains(name.name())) {
                Object value = entry.getValue().metricValue();
                lines.put(name.group() + " " + name.name() + " " + new TreeMap<>(name.tags()), value);
            }
        }
        StringBuilder out = new StringBuilder();
        lines.forEach((name, value) -> out.append("  ").append(name).append(" = ").append(value).append('\n'));
        return out.toString();
    }

    private static String trace(KafkaLogRecorder recorder) {
        List<String> lines = recorder.capture(TRACE_LOGGERS, () -> {
            try {
                Thread.sleep(TRACE_WINDOW.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        StringBuilder out = new StringBuilder();
        out.append("  ").append(lines.size()).append(" lines").append(lines.size() > TRACE_LINES
                ? ", first " + TRACE_LINES + " shown" : "").append('\n');
        lines.stream().limit(TRACE_LINES).forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    private static String threads(String applicationId) {
        StringBuilder out = new StringBuilder();
        List<ThreadInfo> infos = new ArrayList<>();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            if (info != null && info.getThreadName().contains(applicationId)) {
                infos.add(info);
            }
        }
        infos.sort(java.util.Comparator.comparing(ThreadInfo::getThreadName));
        for (ThreadInfo info : infos) {
            out.append("  \"").append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            MonitorInfo[] monitors = info.getLockedMonitors();
            for (int i = 0; i < Math.min(stack.length, STACK_DEPTH); i++) {
                out.append("      at ").append(stack[i]).append('\n');
                for (MonitorInfo monitor : monitors) {
                    if (monitor.getLockedStackDepth() == i) {
                        out.append("        - locked ").append(monitor).append('\n');
                    }
                }
            }
            if (stack.length > STACK_DEPTH) {
                out.append("      ... ").append(stack.length - STACK_DEPTH).append(" more\n");
            }
            for (LockInfo sync : info.getLockedSynchronizers()) {
                out.append("      - holds ").append(sync).append('\n');
            }
        }
        return out.toString();
    }
}
