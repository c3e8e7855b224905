package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.DelegationAction;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.delegationrate.DelegationAnomalyDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * delegation_anomaly with the defaults. Rate: at least 10 children created within a sliding hour, 5× the mean per
 * active hour and 4 deviations (at least sqrt(mean) + 1) above it, after 24 active hours learned. Churn: 3 children
 * each revoked within 10 min of its creation, within an hour. The learned hours hold a tool call at :00 and one
 * child created at :30 (mean 1 per hour, so the minimum of 10 decides).
 */
class DelegationAnomalyTest {

    private static final String AGENT = "did:web:agents.example.com:orchestrator";
    private static final String CHILD = "did:web:agents.example.com:child-";

    private TopologyHarness topology = new TopologyHarness(TopologyHarness.only("delegation_anomaly"));
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
    void firesOnTenChildrenCreatedWithinAnHour() {
        learn(topology, 30);
        topology.send(activity(at(30, 0)));
        burst(topology, 10, 30, 40);

        List<Alert> alerts = alerts(topology);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo("delegation_anomaly");
        assertThat(alert.getCategory()).isEqualTo("access");
        assertThat(alert.getAttack()).isEqualTo("T1098");
        assertThat(alert.getSeverity()).isEqualTo(Severity.medium);
        assertThat(alert.getScore()).isEqualTo(40);
        assertThat(alert.getDescription())
                .isEqualTo("10 child agents created within an hour, 10.0× the agent's average of 1.00 per active hour");
        assertThat(alert.getObserved()).isEqualTo(Map.of("creates_last_hour", "10", "child", CHILD + "burst-9", "ratio", "10.0"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("creates_per_hour", "1.00", "hours", "30"));
        assertThat(alert.getWindowStart()).isEqualTo(at(29, 45));
        assertThat(alert.getWindowEnd()).isEqualTo(at(30, 45));
        assertThat(alert.getSuggestedAction()).startsWith("Freeze delegation for the agent");
    }

    @Test
    void staysQuietAtNineChildrenWithinAnHour() {
        learn(topology, 30);
        topology.send(activity(at(30, 0)));
        burst(topology, 9, 30, 40);

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void firesForAnAgentThatNeverDelegated() {
        for (int h = 0; h < 30; h++) {
            topology.send(activity(at(h, 0)));
        }
        topology.send(activity(at(30, 0)));
        burst(topology, 10, 30, 40);

        List<Alert> alerts = alerts(topology);
        assertThat(alerts).extracting(Alert::getDescription).containsExactly(
                "10 child agents created within an hour, where the agent created none in the 30 active hours learned");
        assertThat(alerts.get(0).getObserved()).doesNotContainKey("ratio");
    }

    @Test
    void aBusyOrchestratorIsHeldToAWiderBand() {
        for (int h = 0; h < 30; h++) {
            topology.send(activity(at(h, 0)));
            burst(topology, 20, h, 0);                     // 20 children an hour, at :00 to :19
        }
        topology.send(activity(at(30, 0)));
        burst(topology, 40, 30, 30);                       // twice its usual hour, by 30:43: quiet

        assertThat(alerts(topology)).isEmpty();
        for (int i = 0; i < 60; i++) {                     // 100 within the hour: 5×, 14.6 deviations
            topology.send(create(at(30, 44).plusSeconds(10L * i), "more-" + i));
        }
        assertThat(alerts(topology)).extracting(a -> a.getObserved().get("creates_last_hour")).containsExactly("100");
    }

    @Test
    void staysQuietBeforeADayOfActiveHoursWasLearned() {
        learn(topology, 23);
        topology.send(activity(at(23, 0)));
        burst(topology, 30, 23, 40);

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void firesOnThreeChildrenRevokedMinutesAfterTheirCreation() {
        churn(topology, 0, 120);
        churn(topology, 5, 120);
        churn(topology, 10, 120);

        List<Alert> alerts = alerts(topology);
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getSeverity()).isEqualTo(Severity.medium);
        assertThat(alert.getScore()).isEqualTo(40);
        assertThat(alert.getDescription()).isEqualTo("3 child agents revoked within 10 min of being created, within an "
                + "hour (the latest, " + CHILD + "tmp-10, lived 120 s)");
        assertThat(alert.getObserved()).isEqualTo(Map.of("quick_revokes_last_hour", "3", "child", CHILD + "tmp-10",
                "child_lifetime_seconds", "120"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("churn_lifetime_seconds", "600", "churn_count", "3"));
        assertThat(alert.getWindowEnd()).isEqualTo(at(0, 12));
    }

    @Test
    void aChildRevokedExactlyTenMinutesAfterItsCreationIsChurn() {
        churn(topology, 0, 600);
        churn(topology, 15, 600);
        churn(topology, 30, 600);

        assertThat(alerts(topology)).hasSize(1);
    }

    @Test
    void aChildThatLivedOneSecondLongerIsNot() {
        churn(topology, 0, 601);
        churn(topology, 15, 601);
        churn(topology, 30, 601);

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void staysQuietForThreeQuickRevokesSpreadOverMoreThanAnHour() {
        churn(topology, 0, 120);
        churn(topology, 40, 120);
        churn(topology, 80, 120);

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void staysQuietOnAnAgentThatDelegatesNowAndThen() {
        Random random = new Random(21);
        for (int h = 0; h < 24 * 10; h++) {
            boolean busy = h % 24 >= 9 && h % 24 < 17;
            int events = busy ? 15 + random.nextInt(16) : random.nextInt(3);
            for (int i = 0; i < events; i++) {
                Instant time = at(h, 0).plusMillis((long) (random.nextDouble() * 3_600_000));
                if (random.nextDouble() < 0.03) {
                    DelegationAction action = random.nextDouble() < 0.15 ? DelegationAction.revoke : DelegationAction.create;
                    topology.send(UsageEvents.delegation("d" + sequence++, AGENT, time, action, CHILD + random.nextInt(5)));
                } else {
                    topology.send(activity(time));
                }
            }
        }

        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void reportsDuringCalibrationMarkedSoWithTheBottomScoreOfItsBand() {
        try (TopologyHarness calibrating = new TopologyHarness(TopologyHarness.only("delegation_anomaly"))) {
            calibrating.register(Events.calibratingProfile(AGENT, 7));
            learn(calibrating, 30);
            calibrating.send(activity(at(30, 0)));
            burst(calibrating, 15, 30, 40);

            List<Alert> alerts = alerts(calibrating);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).getCalibrating()).isTrue();
            assertThat(alerts.get(0).getScore()).isEqualTo(40);
        }
    }

    @Test
    void doesNotCountALateCreate() {
        learn(topology, 30);
        topology.send(activity(at(30, 0)));
        burst(topology, 9, 30, 40);
        topology.send(create(at(30, 20), "late"));         // 22 minutes older than the newest: past the grace

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(alerts(topology)).isEmpty();
    }

    @Test
    void theSlotsAndTheBaselineSurviveARestart() {
        learn(topology, 30);
        topology.send(activity(at(30, 0)));
        burst(topology, 9, 30, 40);
        topology = topology.restart();
        topology.send(create(at(30, 55), "tenth"));

        assertThat(alerts(topology)).extracting(Alert::getBaseline)
                .containsExactly(Map.of("creates_per_hour", "1.00", "hours", "30"));
    }

    @Test
    void anAgentsProfileCanRaiseTheMinimum() {
        try (TopologyHarness lenient = new TopologyHarness(TopologyHarness.only("delegation_anomaly"))) {
            lenient.register(AgentProfile.newBuilder(Events.profile(AGENT, List.of()))
                    .setSettings(Map.of(DelegationAnomalyDetector.MIN_CREATES.localKey(), "20")).build());
            learn(lenient, 30);
            lenient.send(activity(at(30, 0)));
            burst(lenient, 15, 30, 40);

            assertThat(alerts(lenient)).isEmpty();
        }
    }

    @Test
    void keepsItsStateBoundedWhateverTheNumberOfChildren() {
        for (int i = 0; i < 100; i++) {
            topology.send(create(at(i, 0), "c" + i));
        }
        int after100 = UsageEvents.stateBytes(topology, AGENT);
        for (int i = 100; i < 1000; i++) {
            topology.send(create(at(i, 0), "c" + i));
            topology.send(UsageEvents.delegation("d" + sequence++, AGENT, at(i, 30), DelegationAction.revoke, CHILD + "c" + i));
        }

        assertThat(UsageEvents.stateBytes(topology, AGENT)).isLessThanOrEqualTo(after100 + 16).isLessThan(700);
    }

    /** Hours 0 … n − 1, each with a tool call at :00 and a child created at :30. */
    private void learn(TopologyHarness target, int hours) {
        for (int h = 0; h < hours; h++) {
            target.send(activity(at(h, 0)));
            target.send(create(at(h, 30), "regular-" + h));
        }
    }

    /** {@code count} children created in hour {@code hour}, from {@code minute} on, one every 20 seconds. */
    private void burst(TopologyHarness target, int count, int hour, int minute) {
        for (int i = 0; i < count; i++) {
            target.send(create(at(hour, minute).plusSeconds(20L * i), "burst-" + i));
        }
    }

    /** A child created at {@code minute} (of hour 0 onwards) and revoked {@code lifetimeSeconds} later. */
    private void churn(TopologyHarness target, int minute, long lifetimeSeconds) {
        Instant created = T0.plus(Duration.ofMinutes(minute));
        target.send(create(created, "tmp-" + minute));
        target.send(UsageEvents.delegation("d" + sequence++, AGENT, created.plusSeconds(lifetimeSeconds),
                DelegationAction.revoke, CHILD + "tmp-" + minute));
    }

    private AgentEvent create(Instant at, String child) {
        return UsageEvents.delegation("d" + sequence++, AGENT, at, DelegationAction.create, CHILD + child);
    }

    private AgentEvent activity(Instant at) {
        return Events.toolCall("d" + sequence++, AGENT, at);
    }

    private static Instant at(int hour, int minute) {
        return T0.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    /** This rule's alerts (consumed); other rules may see the same traffic differently. */
    private static List<Alert> alerts(TopologyHarness target) {
        return UsageEvents.alertsOf(target, DelegationAnomalyDetector.RULE.id());
    }
}
