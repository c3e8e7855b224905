package dev.vigil.lifecycle.view;

import static dev.vigil.lifecycle.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.Fixtures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertFilterTest {

    private static AlertView view(String id, Severity severity, long detectedSecond) {
        return AlertView.open(Fixtures.alert(id, "agent", severity, T0.plusSeconds(detectedSecond)), T0);
    }

    private final List<AlertView> views = List.of(
            view("b", Severity.high, 10), view("a", Severity.high, 10), view("c", Severity.low, 30),
            view("d", Severity.critical, 20));

    @Test
    void selectsNewestFirstThenByAlertId() {
        assertThat(AlertFilter.all().select(views.iterator())).extracting(AlertView::alertId)
                .containsExactly("c", "d", "a", "b");
    }

    @Test
    void keepsOnlyTheNewestUpToTheLimit() {
        AlertFilter two = new AlertFilter(Optional.empty(), Optional.empty(), 2);

        assertThat(two.select(views.iterator())).extracting(AlertView::alertId).containsExactly("c", "d");
    }

    @Test
    void filtersBySeverityAndStatus() {
        AlertFilter high = new AlertFilter(Optional.empty(), Optional.of(Severity.high), 10);
        AlertFilter acknowledged = new AlertFilter(Optional.of(AlertStatus.ACKNOWLEDGED), Optional.empty(), 10);

        assertThat(high.select(views.iterator())).extracting(AlertView::alertId).containsExactly("a", "b");
        assertThat(acknowledged.select(views.iterator())).isEmpty();
    }

    @Test
    void refusesALimitOutsideOneToTheMaximum() {
        assertThatThrownBy(() -> new AlertFilter(Optional.empty(), Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertFilter(Optional.empty(), Optional.empty(), AlertFilter.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
