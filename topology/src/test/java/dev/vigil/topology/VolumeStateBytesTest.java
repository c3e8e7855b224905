package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static dev.vigil.topology.VolumeTraffic.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.Outcome;
import dev.vigil.topology.detect.DetectionContext;
import dev.vigil.topology.detect.Detector;
import dev.vigil.topology.detect.cost.CostSpikeDetector;
import dev.vigil.topology.detect.errorrate.ErrorRateSpikeDetector;
import dev.vigil.topology.detect.failures.HighFailureRateDetector;
import dev.vigil.topology.detect.rate.RateSpikeDetector;
import dev.vigil.topology.detect.receipts.ReceiptSurgeDetector;
import dev.vigil.topology.state.AgentState;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The five volume rules together (rate_spike, receipt_surge, cost_spike, high_failure_rate, error_rate_spike)
 * add under 1,200 bytes to an agent's state whatever its traffic: two weeks of requests, receipts and failures at 1, 60
 * and 3,000 events an hour. What each section costs (its bytes plus its name, as stored) is written to the
 * test's output.
 */
class VolumeStateBytesTest {

    private static final String AGENT = "did:web:agents.example.com:busy";
    private static final List<Detector> VOLUME = List.of(new RateSpikeDetector(), new ReceiptSurgeDetector(),
            new CostSpikeDetector(), new HighFailureRateDetector(), new ErrorRateSpikeDetector());

    @ParameterizedTest(name = "{0} events an hour")
    @ValueSource(ints = {1, 60, 3_000})
    void theFiveSectionsTogetherCostUnder1200Bytes(int perHour) {
        VolumeTraffic traffic = new VolumeTraffic(AGENT);
        DetectionSettings settings = DetectionSettings.defaults();
        Random random = new Random(perHour);
        AgentState state = AgentState.firstSeenAt(T0.toEpochMilli());
        for (int h = 0; h < 14 * 24; h++) {
            Instant start = T0.plus(HOUR.multipliedBy(h));
            for (int i = 0; i < perHour; i++) {
                Instant at = start.plusMillis(i * (HOUR.toMillis() / perHour));
                double r = random.nextDouble();
                AgentEvent event = r < 0.15 ? traffic.receipt(at, String.format("%.6f", random.nextDouble()))
                        : traffic.request(at, r < 0.17 ? Outcome.denied : r < 0.2 ? Outcome.error : Outcome.success);
                for (Detector detector : VOLUME) {
                    detector.onEvent(new DetectionContext(Events.profile(AGENT, List.of()), state, settings), event);
                }
                state.observe(at.toEpochMilli());
            }
        }

        int total = 0;
        StringBuilder report = new StringBuilder(perHour + " events an hour:");
        for (Detector detector : VOLUME) {
            int cost = VolumeTraffic.sectionCost(state, detector.ruleId());
            report.append(' ').append(detector.ruleId()).append('=').append(cost);
            total += cost;
        }
        System.out.println(report.append(" total=").append(total));
        assertThat(total).isLessThanOrEqualTo(1200);
    }
}
