package dev.vigil.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last lines Kafka Streams and the Kafka clients log at INFO in memory, while the console keeps showing
 * only their warnings, so that a stalled run can show what Streams said before it stopped moving (rebalances,
 * fencing, offset resets) without changing what every healthy run prints. It can also record TRACE from
 * a few loggers for a short while ({@link #capture}) — Streams says why a task is not processable only at TRACE.
 *
 * <p>Works only when the logging backend is Logback (it is for the benchmark); otherwise it records nothing.
 */
final class KafkaLogRecorder implements AutoCloseable {

    /**
     * Loggers recorded at INFO: Streams itself, the clients (consumer group, offset resets and seeks, producer
     * transactions) and the broker's log layer, of which only lines about retention and log start offsets are kept
     * (records deleted under a consumer move it without a word from Streams).
     */
    static final List<String> RECORDED = List.of("org.apache.kafka.streams", "org.apache.kafka.clients",
            "org.apache.kafka.clients.consumer.internals", "org.apache.kafka.storage.internals.log");
    private static final String BROKER_LOG = "org.apache.kafka.storage";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final int MAX_MESSAGE = 600;

    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();
    private final Ring ring = new Ring();
    private final List<Restore> restores = new ArrayList<>();
    /** The level each recorded logger had, so the console shows exactly what it showed without the recorder. */
    private final Map<String, Level> consoleLevels = new ConcurrentHashMap<>();
    private volatile Consumer<String> tap;

    private KafkaLogRecorder(int capacity) {
        this.capacity = capacity;
    }

    /** Starts recording; what was printed before (warnings, by the benchmark's logging setup) still is. */
    static KafkaLogRecorder start(int capacity) {
        KafkaLogRecorder recorder = new KafkaLogRecorder(capacity);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return recorder;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> console = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(console::add);
        recorder.ring.setContext(context);
        recorder.ring.forwardTo(console);
        recorder.ring.start();
        for (String name : RECORDED) {
            Logger logger = context.getLogger(name);
            recorder.restores.add(new Restore(logger, logger.getLevel(), logger.isAdditive()));
            recorder.consoleLevels.put(name, logger.getEffectiveLevel());
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(recorder.ring);
        }
        return recorder;
    }

    /** The recorded lines, oldest first, at most {@code max} of the newest. */
    synchronized List<String> last(int max) {
        List<String> all = new ArrayList<>(lines);
        return all.subList(Math.max(0, all.size() - max), all.size());
    }

    /**
     * Records TRACE from {@code loggers} while {@code during} runs and returns those lines (not kept in the ring).
     * Levels are restored afterwards.
     */
    List<String> capture(List<String> loggers, Runnable during) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            during.run();
            return List.of();
        }
        List<String> captured = Collections.synchronizedList(new ArrayList<>());
        List<Restore> restored = new ArrayList<>();
        for (String name : loggers) {
            Logger logger = context.getLogger(name);
            restored.add(new Restore(logger, logger.getLevel(), logger.isAdditive()));
            logger.setLevel(Level.TRACE);
        }
        tap = captured::add;
        try {
            during.run();
        } finally {
            tap = null;
            restored.forEach(Restore::apply);
        }
        synchronized (captured) {
            return List.copyOf(captured);
        }
    }

    @Override
    public void close() {
        restores.forEach(r -> {
            r.logger.detachAppender(ring);
            r.apply();
        });
        ring.stop();
    }

    private synchronized void remember(String line) {
        lines.addLast(line);
        while (lines.size() > capacity) {
            lines.removeFirst();
        }
    }

    static String format(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        return TIME.format(Instant.ofEpochMilli(event.getTimeStamp())) + " " + event.getLevel() + " [" + event.getThreadName()
                + "] " + shortName(event.getLoggerName()) + " - " + message;
    }

    private static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }

    /** The appender: rings INFO+, hands TRACE/DEBUG to a capture in progress, forwards WARN+ to the console. */
    private final class Ring extends AppenderBase<ILoggingEvent> {

        private List<Appender<ILoggingEvent>> forward = List.of();

        void forwardTo(List<Appender<ILoggingEvent>> appenders) {
            this.forward = List.copyOf(appenders);
        }

        @Override
        protected void append(ILoggingEvent event) {
            Consumer<String> capture = tap;
            if (capture != null && !event.getLevel().isGreaterOrEqual(Level.INFO)) {
                capture.accept(format(event));
                return;
            }
            if (!event.getLevel().isGreaterOrEqual(Level.INFO)) {
                return;
            }
            if (event.getLoggerName().startsWith(BROKER_LOG) && !aboutRetention(event)) {
                forwardIfWarning(event);
                return;
            }
            remember(format(event));
            forwardIfWarning(event);
        }

        /** The console's level for a logger: that of the nearest recorded ancestor before recording began. */
        private Level consoleLevel(String loggerName) {
            String best = "";
            for (String name : consoleLevels.keySet()) {
                if ((loggerName.equals(name) || loggerName.startsWith(name + ".")) && name.length() > best.length()) {
                    best = name;
                }
            }
            return consoleLevels.getOrDefault(best, Level.WARN);
        }

        private boolean aboutRetention(ILoggingEvent event) {
            String message = String.valueOf(event.getFormattedMessage()).toLowerCase(java.util.Locale.ROOT);
            return message.contains("retention") || message.contains("log start offset");
        }

        private void forwardIfWarning(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(consoleLevel(event.getLoggerName()))) {
                for (Iterator<Appender<ILoggingEvent>> it = forward.iterator(); it.hasNext(); ) {
                    it.next().doAppend(event);
                }
            }
        }
    }

    private record Restore(Logger logger, Level level, boolean additive) {
        void apply() {
            logger.setLevel(level);
            logger.setAdditive(additive);
        }
    }
}
