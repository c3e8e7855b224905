package dev.vigil.lifecycle.view;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Vigil-named meters over the views' Streams metrics: {@code vigil_lifecycle_records_skipped_total{reason}}, the
 * sum over stream threads of each {@link SkippedRecords} count. {@code KafkaStreamsMetrics} exposes the same counts
 * under Kafka's names; this gives the dashboard one stable name to alert on.
 */
public final class ViewMeters {

    private ViewMeters() {
    }

    public static void bind(MeterRegistry registry, KafkaStreams streams) {
        for (SkippedRecords reason : SkippedRecords.values()) {
            FunctionCounter.builder("vigil.lifecycle.records.skipped", streams, s -> total(s, reason))
                    .description("Records the views (alerts, rules, channels, silences) passed over, by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    private static double total(KafkaStreams streams, SkippedRecords reason) {
        return streams.metrics().values().stream()
                .filter(m -> m.metricName().group().equals(SkippedRecords.GROUP)
                        && m.metricName().name().equals(reason.totalMetric()))
                .map(Metric::metricValue)
                .filter(Number.class::isInstance)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .sum();
    }
}
