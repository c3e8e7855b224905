package dev.vigil.lifecycle.view;

import static dev.vigil.lifecycle.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.Resolution;
import dev.vigil.avro.Severity;
import dev.vigil.core.config.Topics;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.notifier.channel.ChannelSpecs;
import dev.vigil.serde.SerdeFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus figures of the alert view: alerts by status (gauges) and new alerts by severity (counter). */
class AlertTallyTest {

    private static final Instant WALL_CLOCK = Instant.parse("2025-03-02T00:00:00Z");

    private final Topics topics = Topics.defaults();
    private final SerdeFactory serdes = SerdeFactory.forRegistry("mem://alert-tally-" + java.util.UUID.randomUUID());
    private final AlertTally tally = new AlertTally();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private TopologyTestDriver driver;
    private TestInputTopic<String, Alert> alerts;
    private TestInputTopic<String, AlertLifecycleEvent> events;
    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        tally.bind(registry);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alert-tally-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LifecycleTopology.build(topics, serdes, ChannelSpecs.STANDARD,
                tally, java.time.Duration.ofMinutes(30)), props, WALL_CLOCK);
        alerts = driver.createInputTopic(topics.alerts(), new StringSerializer(), serdes.valueSerde(Alert.class).serializer());
        events = driver.createInputTopic(topics.alertEvents(), new StringSerializer(),
                serdes.valueSerde(AlertLifecycleEvent.class).serializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private Map<String, Double> figures() {
        return Map.of(
                "open", registry.get("vigil.alerts.open").gauge().value(),
                "acknowledged", registry.get("vigil.alerts.acknowledged").gauge().value(),
                "resolved", registry.get("vigil.alerts.resolved").gauge().value());
    }

    private double anomalies(Severity severity) {
        return registry.get("vigil.anomalies").tag("severity", severity.name()).functionCounter().count();
    }

    @Test
    void theGaugesFollowEveryStatusChangeAndARepeatCountsOnce() {
        Alert a = Fixtures.alert("a-1", "did:web:agent-1", Severity.high, T0);
        Alert b = Fixtures.alert("b-1", "did:web:agent-1", Severity.critical, T0.plusSeconds(1));
        Alert c = Fixtures.alert("c-1", "did:web:agent-2", Severity.high, T0.plusSeconds(2));
        alerts.pipeInput(a.getAgentId(), a);
        alerts.pipeInput(b.getAgentId(), b);
        alerts.pipeInput(c.getAgentId(), c);
        alerts.pipeInput(a.getAgentId(), Fixtures.reEmitted(a, 2, T0.plusSeconds(60)));
        assertThat(figures()).isEqualTo(Map.of("open", 3.0, "acknowledged", 0.0, "resolved", 0.0));

        events.pipeInput(a.getAgentId(), Fixtures.acknowledge(a, "alice", T0.plusSeconds(90)));
        events.pipeInput(b.getAgentId(), Fixtures.resolve(b, "alice", Resolution.true_positive, T0.plusSeconds(91)));
        events.pipeInput(a.getAgentId(), Fixtures.acknowledge(a, "bob", T0.plusSeconds(92)));   // illegal: no change
        assertThat(figures()).isEqualTo(Map.of("open", 1.0, "acknowledged", 1.0, "resolved", 1.0));

        assertThat(anomalies(Severity.high)).isEqualTo(2.0);
        assertThat(anomalies(Severity.critical)).isEqualTo(1.0);
        assertThat(anomalies(Severity.low)).isZero();
        assertThat(registry.scrape()).contains("vigil_alerts_open ", "vigil_anomalies_total{severity=\"high\"} 2.0");
    }

    @Test
    void expiredViewsLeaveTheGauges() {
        Alert a = Fixtures.alert("a-1");
        alerts.pipeInput(a.getAgentId(), a);
        assertThat(figures().get("open")).isEqualTo(1.0);

        driver.advanceWallClockTime(AlertViewProcessor.RETENTION.plus(AlertViewProcessor.SWEEP_INTERVAL).plus(Duration.ofHours(1)));

        assertThat(figures().get("open")).isZero();
        assertThat(anomalies(Severity.high)).as("a counter does not go down").isEqualTo(1.0);
    }

    @Test
    void aTaskCountsItsStoreWhenItStartsAndForgetsItWhenItCloses() {
        Alert a = Fixtures.alert("a-1");
        alerts.pipeInput(a.getAgentId(), a);
        AlertTally fresh = new AlertTally();
        fresh.reset(0, new long[] {5, 2, 1});
        fresh.reset(1, new long[] {1, 0, 0});
        assertThat(fresh.count(AlertStatus.OPEN)).isEqualTo(6);
        fresh.forget(0);
        assertThat(fresh.count(AlertStatus.OPEN)).isEqualTo(1);
        assertThat(fresh.count(AlertStatus.RESOLVED)).isZero();

        assertThat(tally.count(AlertStatus.OPEN)).isEqualTo(1);
        driver.close();
        driver = null;
        assertThat(tally.count(AlertStatus.OPEN)).as("the closed task's partition left the tally").isZero();
    }
}
