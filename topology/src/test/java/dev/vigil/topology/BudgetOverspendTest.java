package dev.vigil.topology;

import static dev.vigil.topology.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.Alert;
import dev.vigil.avro.Budget;
import dev.vigil.avro.Outcome;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.Severity;
import dev.vigil.topology.detect.budget.BudgetOverspendDetector;
import dev.vigil.topology.state.AgentStateSerde;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** budget_overspend with the defaults (5-minute bursts, 90%) against a daily budget of $500. */
class BudgetOverspendTest {

    private static final String AGENT = "did:web:agents.example.com:research-bot";
    private static final String RULE = "budget_overspend";

    private final TopologyHarness topology = new TopologyHarness(TopologyHarness.only("budget_overspend"));
    private int sequence;

    @BeforeEach
    void register() {
        topology.register(withBudget(Events.profile(AGENT, List.of()), "500", "P1D"));
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void firesWhenFiveMinutesSpendMoreThanNinetyPercentOfTheBudget() {
        for (int m = 0; m < 4; m++) {
            topology.send(receipt(minute(m), "115"));
        }

        List<Alert> alerts = topology.alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.getRuleId()).isEqualTo(RULE);
        assertThat(alert.getSeverity()).isEqualTo(Severity.high);
        assertThat(alert.getScore()).isEqualTo(74);
        assertThat(alert.getCategory()).isEqualTo("spend");
        assertThat(alert.getAttack()).isEqualTo("AML.T0034");
        assertThat(alert.getDescription()).isEqualTo("$460.00 spent in 5 min, 92% of the daily budget of $500.00");
        assertThat(alert.getObserved())
                .isEqualTo(Map.of("spent_usd", "460.00", "window_seconds", "300", "percent_of_budget", "92"));
        assertThat(alert.getBaseline()).isEqualTo(Map.of("budget_usd", "500.00", "threshold_usd", "450.00"));
        assertThat(alert.getSuggestedAction()).startsWith("Freeze the agent's model key");
        assertThat(alert.getWindowStart()).isEqualTo(T0);
        assertThat(alert.getWindowEnd()).isEqualTo(minute(3).plusSeconds(15));
    }

    @Test
    void staysQuietAtExactlyNinetyPercentAndFiresOneMicroDollarAbove() {
        for (int m = 0; m < 3; m++) {
            topology.send(receipt(minute(m), "150"));
        }
        assertThat(topology.alerts()).isEmpty();

        topology.send(receipt(minute(3), "0.000001"));
        List<Alert> alerts = topology.alerts();
        assertThat(alerts).extracting(Alert::getDescription)
                .containsExactly("$450.00 spent in 5 min, 90.0000002% of the daily budget of $500.00");
        assertThat(alerts.get(0).getObserved()).containsEntry("spent_usd", "450.000001");
        assertThat(alerts.get(0).getScore()).isEqualTo(70);
    }

    @Test
    void staysQuietWhenTheSpendIsSpreadOverTheDay() {
        for (int i = 0; i < 18; i++) {
            topology.send(receipt(minute(10 * i), "115"));   // $2,070 in three hours, never two receipts in 5 min
        }

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void catchesABurstThatStraddlesAFiveMinuteBoundary() {
        topology.send(receipt(T0.plus(Duration.ofSeconds(290)), "240"));   // 09:04:50
        topology.send(receipt(T0.plus(Duration.ofSeconds(580)), "240"));   // 09:09:40, in the next 5-minute block

        assertThat(topology.alerts()).extracting(Alert::getDescription)
                .containsExactly("$480.00 spent in 5 min, 96% of the daily budget of $500.00");
    }

    @Test
    void staysQuietWhenTwoHalvesAreMoreThanTheWindowApart() {
        topology.send(receipt(T0, "240"));
        topology.send(receipt(minute(6), "240"));

        assertThat(topology.alerts()).isEmpty();
    }

    @Test
    void staysQuietWithoutABudget() {
        try (TopologyHarness unbudgeted = new TopologyHarness(TopologyHarness.only("budget_overspend"))) {
            unbudgeted.register(Events.profile(AGENT, List.of()));
            unbudgeted.send(receipt(T0, "5000"));

            assertThat(unbudgeted.alerts()).isEmpty();
        }
    }

    @Test
    void firesAtFullStrengthWhileTheAgentCalibrates() {
        try (TopologyHarness calibrating = new TopologyHarness(TopologyHarness.only("budget_overspend"))) {
            calibrating.register(withBudget(Events.calibratingProfile(AGENT, 7), "500", "P1D"));
            for (int m = 0; m < 4; m++) {
                calibrating.send(receipt(minute(m), "115"));
            }

            List<Alert> alerts = calibrating.alerts();
            assertThat(alerts).extracting(Alert::getRuleId).containsExactly(RULE);
            assertThat(alerts.get(0).getCalibrating()).isFalse();
            assertThat(alerts.get(0).getScore()).isEqualTo(74);
        }
    }

    @Test
    void anOutOfOrderReceiptCountsInItsOwnBurst() {
        topology.send(receipt(minute(10), "200"));
        topology.send(receipt(minute(7), "260"));          // 3 minutes behind

        assertThat(topology.counter("vigil.events.late")).isZero();
        assertThat(topology.alerts()).extracting(Alert::getDescription)
                .containsExactly("$460.00 spent in 5 min, 92% of the daily budget of $500.00");
    }

    @Test
    void aReceiptLaterThanTheGraceStillCountsWhileItsBurstIsInTheRing() {
        topology.send(receipt(minute(5), "200"));
        topology.send(Events.toolCall("newest", AGENT, minute(12)));
        topology.send(receipt(minute(6), "260"));          // 6 minutes behind the newest event: late

        assertThat(topology.counter("vigil.events.late")).isEqualTo(1);
        assertThat(topology.alerts()).extracting(Alert::getDescription)
                .containsExactly("$460.00 spent in 5 min, 92% of the daily budget of $500.00");
    }

    @Test
    void aReceiptOlderThanTheRingIsJudgedOnItsOwnCost() {
        topology.send(receipt(T0, "200"));
        topology.send(receipt(minute(30), "1"));
        topology.send(receipt(minute(1), "300"));          // with the $200 it would be $500, but that is forgotten
        assertThat(topology.alerts()).isEmpty();

        topology.send(receipt(minute(2), "455"));
        List<Alert> alerts = topology.alerts();
        assertThat(alerts).extracting(Alert::getDescription)
                .containsExactly("$455.00 spent in 5 min, 91% of the daily budget of $500.00");
        assertThat(alerts.get(0).getWindowStart()).isEqualTo(minute(2));
    }

    @Test
    void theSpendSurvivesARestart() {
        topology.send(receipt(T0, "300"));
        try (TopologyHarness restarted = topology.restart()) {
            restarted.send(receipt(minute(2), "160"));

            assertThat(restarted.alerts()).extracting(Alert::getDescription)
                    .containsExactly("$460.00 spent in 5 min, 92% of the daily budget of $500.00");
        }
    }

    @Test
    void anAgentsProfileCanLowerTheFraction() {
        try (TopologyHarness strict = new TopologyHarness(TopologyHarness.only("budget_overspend"))) {
            strict.register(AgentProfile.newBuilder(withBudget(Events.profile(AGENT, List.of()), "500", "P1D"))
                    .setSettings(Map.of("budget_overspend.fraction", "0.5")).build());
            strict.send(receipt(T0, "150"));
            strict.send(receipt(minute(1), "150"));

            List<Alert> alerts = strict.alerts();
            assertThat(alerts).extracting(Alert::getDescription)
                    .containsExactly("$300.00 spent in 5 min, 60% of the daily budget of $500.00");
            assertThat(alerts.get(0).getBaseline()).containsEntry("threshold_usd", "250.00");
        }
    }

    @Test
    void aTenantCanLengthenTheWindow() {
        DetectionSettings tenMinutes = DetectionSettings.defaults()
                .withTenant(Events.TENANT, BudgetOverspendDetector.WINDOW, Duration.ofMinutes(10));
        try (TopologyHarness tenant = new TopologyHarness(TopologyHarness.only(tenMinutes, "budget_overspend"))) {
            tenant.register(withBudget(Events.profile(AGENT, List.of()), "500", "P1D"));
            tenant.send(receipt(T0, "240"));
            tenant.send(receipt(minute(8), "240"));

            assertThat(tenant.alerts()).extracting(Alert::getDescription)
                    .containsExactly("$480.00 spent in 10 min, 96% of the daily budget of $500.00");
        }
    }

    @Test
    void namesTheBudgetsPeriodAndGroupsThousands() {
        try (TopologyHarness monthly = new TopologyHarness(TopologyHarness.only("budget_overspend"))) {
            monthly.register(withBudget(Events.profile(AGENT, List.of()), "10000", "P1M"));
            monthly.send(receipt(T0, "9500.5"));

            assertThat(monthly.alerts()).extracting(Alert::getDescription)
                    .containsExactly("$9,500.50 spent in 5 min, 95% of the monthly budget of $10,000.00");
        }
    }

    @Test
    void aHeavySpendersStateStaysUnderHalfAKilobyte() {
        for (int i = 0; i < 2000; i++) {
            topology.send(receipt(T0.plusSeconds(i * 5L), "1.234567"));   // $74 per 5 min for ~3 hours
        }

        assertThat(topology.alerts()).isEmpty();
        assertThat(new AgentStateSerde().serialize("t", topology.stateStore().get(AGENT))).hasSizeLessThan(512);
    }

    private AgentEvent receipt(Instant at, String costUsd) {
        return AgentEvent.newBuilder().setEventId("r" + sequence).setTenantId(Events.TENANT).setAgentId(AGENT)
                .setOccurredAt(at).setOutcome(Outcome.success)
                .setPayload(ReceiptPayload.newBuilder().setReceiptId("rcpt-" + sequence++).setProvider("openai")
                        .setModel("gpt-4o").setInputTokens(1000).setOutputTokens(500)
                        .setCostUsd(new BigDecimal(costUsd).setScale(6)).build())
                .build();
    }

    private static AgentProfile withBudget(AgentProfile profile, String amountUsd, String period) {
        return AgentProfile.newBuilder(profile)
                .setBudget(new Budget(new BigDecimal(amountUsd).setScale(6), period)).build();
    }

    private static Instant minute(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }
}
