package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.model.AtypicalModelDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * atypical_model with the defaults: judged after 50 receipts, a model under 2% of them (this one counted), at
 * least 10× the typical cost per call (high at 100×), never under $0.05. The learned receipts cost $0.02 each
 * (so typical is exactly $0.020000), one every ten minutes from {@link Events#T0}.
 */
class AtypicalModelTest {

    private static final String AGENT = "did:web:agents.example.com:writer";
    private static final String EVERYDAY = "claude-3-5-haiku";

    private TopologyHarness topology = new TopologyHarness(TopologyHarness.only("atypical_model"));
    private int sequence;

    @BeforeEach
    void register() {
        topology.register(Events.profile(AGENT, List.of()));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void firesOnANeverUsedModelAtTwelveTimesTheTypicalCost() {
        learn(topology, 60);
        topology.send(receipt(60, "openai", "o1", "0.25"));

        List<Alert> alerts = alerts(topology);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo("atypical_model");
        assertThat(alert.getCategory()).isEqualTo("spend");
        assertThat(alert.getAttack()).isEqualTo("AML.T0034");
        assertThat(alert.getSeverity()).isEqualTo(Severity.medium);
        assertThat(alert.getScore()).isBetween(40, 69);
        assertThat(alert.getCalibrating()).isFalse();
        assertThat(alert.getDescription()).isEqualTo("receipt for openai/o1, a model the agent never used before: "
                + "$0.250000 for one call, 12.5× its typical $0.020000 per call");
        assertThat(alert.getObserved()).isEqualTo(Map.of("model", "openai/o1", "cost_usd", "0.250000", "ratio", "12.50"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("typical_cost_usd", "0.020000", "receipts", "60", "model_receipts", "0"));
        assertThat(alert.getWindowStart()).isEqualTo(minute(600));
        assertThat(alert.getSuggestedAction()).contains("openai/o1").contains("restrict the key");
    }

    @Test
    void isHighAtAHundredTimesTheTypicalCost() {
        learn(topology, 60);
        topology.send(receipt(60, "openai", "o1-pro", "2.00"));

        Alert alert = alerts(topology).get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.high);
        assertThat(alert.getScore()).isEqualTo(70);
        assertThat(alert.getDescription()).contains("$2.000000 for one call, 100× its typical $0.020000");
    }

    @Test
    void firesAtExactlyTenTimesTheTypicalCost() {
        learn(topology, 60);
        topology.send(receipt(60, "openai", "o1", "0.20"));

        List<Alert> alerts = alerts(topology);
        assertThat(alerts).extracting(Alert::getSeverity).containsExactly(Severity.medium);
        assertThat(alerts.get(0).getScore()).isEqualTo(40);
        assertThat(alerts.get(0).getObserved()).containsEntry("ratio", "10.00");
    }

    @Test
    void staysQuietOneMicroDollarUnderTenTimes() {
        learn(topology, 60);
        topology.send(receipt(60, "openai", "o1", "0.199999"));

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void firesOnAModelUsedOnceInAHundredReceipts() {
        learn(topology, 50);
        topology.send(receipt(50, "openai", "o1", "0.03"));       // cheap: quiet, and learned
        learn(topology, 51, 100);
        topology.send(receipt(100, "openai", "o1", "0.40"));      // (1 + 1) / 101 is under 2%; typical 0.02 × 1.5^(1/100)

        assertThat(alerts(topology)).extracting(Alert::getDescription).containsExactly("receipt for openai/o1, a model "
                + "in 1 of the agent's 100 receipts (1.0%): $0.400000 for one call, 19.9× its typical $0.020081 per call");
    }

    @Test
    void staysQuietForAModelAtExactlyTwoPercentOfTheReceipts() {
        learn(topology, 50);
        topology.send(receipt(50, "openai", "o1", "0.03"));
        learn(topology, 51, 99);
        topology.send(receipt(99, "openai", "o1", "0.40"));       // (1 + 1) / (99 + 1) = 2%: not rare

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void staysQuietForTheAgentsOwnExpensiveModelAmongVariedTraffic() {
        Random random = new Random(11);
        for (int i = 0; i < 400; i++) {
            boolean heavy = random.nextDouble() < 0.08;
            double median = heavy ? 0.45 : 0.0235;
            double cost = median * Math.exp((heavy ? 0.57 : 0.7) * random.nextGaussian());
            topology.send(receipt(i, "anthropic", heavy ? "claude-3-opus" : EVERYDAY,
                    String.format("%.6f", Math.max(cost, 0.000001))));
        }

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void staysQuietBeforeFiftyReceiptsWereLearned() {
        learn(topology, 49);
        topology.send(receipt(49, "openai", "o1", "2.00"));

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void staysQuietUnderTheMinimumCostWhateverTheRatio() {
        for (int i = 0; i < 60; i++) {
            topology.send(receipt(i, "anthropic", EVERYDAY, "0.001"));
        }
        topology.send(receipt(60, "openai", "o1", "0.049999"));   // 50× but under $0.05

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void neverLearnsTheAttackersModel() {
        learn(topology, 60);
        topology.send(receipt(60, "openai", "o1", "0.25"));
        Alert first = alerts(topology).get(0);
        for (int i = 61; i < 70; i++) {
            topology.send(receipt(i, "openai", "o1", "0.25"));    // fold into the open alert, learn nothing
        }
        topology.sendLifecycle(Events.resolve("l1", AGENT, first.getAlertId(), "atypical_model", minute(700)));
        topology.send(receipt(80, "openai", "o1", "0.25"));

        List<Alert> alerts = alerts(topology);
        Alert second = alerts.get(alerts.size() - 1);
        assertThat(second.getAlertId()).isNotEqualTo(first.getAlertId());
        assertThat(second.getBaseline()).containsEntry("model_receipts", "0").containsEntry("receipts", "60");
    }

    @Test
    void reportsDuringCalibrationMarkedSoWithTheBottomScoreOfItsBand() {
        try (TopologyHarness calibrating = new TopologyHarness(TopologyHarness.only("atypical_model"))) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            learn(calibrating, 60);
            calibrating.send(receipt(60, "openai", "o1", "0.25"));

            List<Alert> alerts = alerts(calibrating);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getCalibrating()).isTrue();
            assertThat(alerts.get(0).getScore()).isEqualTo(40);
        }
    }

    @Test
    void learnsAModelThatFiredDuringCalibration() {
        try (TopologyHarness calibrating = new TopologyHarness(TopologyHarness.only("atypical_model"))) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            learn(calibrating, 60);
            calibrating.send(receipt(60, "openai", "o1", "0.25"));
            Alert first = alerts(calibrating).get(0);
            calibrating.sendLifecycle(Events.resolve("l1", AGENT, first.getAlertId(), "atypical_model", minute(605)));
            calibrating.send(receipt(61, "openai", "o1", "0.25"));     // 2 of 62 receipts: no longer rare

            assertThat(alerts(calibrating)).isEmpty();
        }
    }

    @Test
    void judgesALateReceiptLikeAnyOther() {
        learn(topology, 60);
        topology.send(receiptAt(minute(300), "openai", "o1", "0.25"));   // five hours older than the newest

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(alerts(topology)).extracting(Alert::getRuleId).containsExactly("atypical_model");
    }

    @Test
    void theBaselineSurvivesARestart() {
        learn(topology, 60);
        topology = topology.restart();
        topology.send(receipt(60, "openai", "o1", "0.25"));

        assertThat(alerts(topology)).extracting(Alert::getBaseline)
                .containsExactly(Map.of("typical_cost_usd", "0.020000", "receipts", "60", "model_receipts", "0"));
    }

    @Test
    void anAgentsProfileCanRaiseTheRatio() {
        try (TopologyHarness lenient = new TopologyHarness(TopologyHarness.only("atypical_model"))) {
            lenient.register(AgentProfile.newBuilder(Events.profile(AGENT, List.of()))
                    .setSettings(Map.of(AtypicalModelDetector.RATIO.localKey(), "20")).build());
            learn(lenient, 60);
            lenient.send(receipt(60, "openai", "o1", "0.25"));    // 12.5× is under the agent's 20×

            assertThat(alerts(lenient)).isEmpty();
        }
    }

    @Test
    void keepsItsStateBoundedWhateverTheNumberOfModels() {
        learn(topology, 60);
        for (int i = 0; i < 200; i++) {
            topology.send(receipt(60 + i, "acme", "model-" + i, "0.02"));
        }
        int after200 = UsageEvents.stateBytes(topology, AGENT);
        for (int i = 200; i < 1000; i++) {
            topology.send(receipt(60 + i, "acme", "model-" + i, "0.02"));
        }

        assertThat(UsageEvents.stateBytes(topology, AGENT)).isLessThanOrEqualTo(after200 + 8).isLessThan(1200);
    }

    /** Receipts 0 … n − 1 of the everyday model at $0.02. */
    private void learn(TopologyHarness target, int n) {
        learn(target, 0, n);
    }

    private void learn(TopologyHarness target, int from, int to) {
        for (int i = from; i < to; i++) {
            target.send(receipt(i, "anthropic", EVERYDAY, "0.02"));
        }
    }

    /** Receipt number {@code n}, at minute 10 × n. */
    private AgentEvent receipt(int n, String provider, String model, String cost) {
        return receiptAt(minute(n * 10), provider, model, cost);
    }

    private AgentEvent receiptAt(Instant at, String provider, String model, String cost) {
        return UsageEvents.receipt("m" + sequence++, AGENT, at, provider, model, cost);
    }

    private static Instant minute(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    /** This rule's alerts (consumed); other rules may see the same traffic differently. */
    private static List<Alert> alerts(TopologyHarness target) {
        return UsageEvents.alertsOf(target, AtypicalModelDetector.RULE.id());
    }
}
