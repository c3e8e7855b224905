package dev.vigil.notifier.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedriveSummaryTest {

    @Test
    void sumsUpARedrive() {
        RedriveSummary summary = new RedriveSummary(3, 2, 1, 0, false);

        assertThat(summary.line()).isEqualTo(
                "redrive: 3 failed deliveries found, 2 delivered, 1 failed again, 0 skipped (alert not found / channel gone)");
        assertThat(summary.allDelivered()).isFalse();
    }

    @Test
    void oneDeliveryIsSingular() {
        assertThat(new RedriveSummary(1, 1, 0, 0, false).line()).startsWith("redrive: 1 failed delivery found, 1 delivered");
    }

    @Test
    void nothingFoundIsAllDelivered() {
        RedriveSummary summary = new RedriveSummary(0, 0, 0, 0, false);

        assertThat(summary.allDelivered()).isTrue();
        assertThat(summary.line()).startsWith("redrive: 0 failed deliveries found");
    }

    @Test
    void aSkippedDeliveryIsNotDelivered() {
        assertThat(new RedriveSummary(2, 1, 0, 1, false).allDelivered()).isFalse();
    }

    @Test
    void aDryRunSaysWhatWouldHappenAndThatNothingWasSent() {
        assertThat(new RedriveSummary(3, 0, 0, 1, true).line()).isEqualTo("redrive (dry run): 3 failed deliveries found, "
                + "2 would be re-sent, 1 would be skipped (alert not found / channel gone); nothing sent");
    }
}
