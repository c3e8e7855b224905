package dev.vigil.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.notifier.testing.TestAlerts;
import org.junit.jupiter.api.Test;

class DeliveryIdTest {

    private final Alert alert = TestAlerts.scopeEscalation().build();

    @Test
    void isTheSameForTheSameAlertStateAndChannel() {
        assertThat(DeliveryId.of(alert, "webhook")).isEqualTo(DeliveryId.of(TestAlerts.scopeEscalation().build(), "webhook"))
                .matches("[0-9a-f]{32}");
    }

    @Test
    void differsPerChannel() {
        assertThat(DeliveryId.of(alert, "webhook")).isNotEqualTo(DeliveryId.of(alert, "console"));
    }

    @Test
    void aRepeatOfTheAlertIsANewNotification() {
        Alert repeated = TestAlerts.scopeEscalation().setOccurrences(2)
                .setLastSeen(alert.getLastSeen().plusSeconds(60)).build();
        assertThat(DeliveryId.of(repeated, "webhook")).isNotEqualTo(DeliveryId.of(alert, "webhook"));
    }

    /** SHA-256 of "1a2b3c4d5e6f7a8b9c0d\01\01795169730123\0webhook", first 16 bytes: a changed formula breaks dedup. */
    @Test
    void isPinnedSoThatReceiversKeepRecognisingRedeliveriesAcrossVersions() {
        assertThat(DeliveryId.of(alert, "webhook")).isEqualTo("2d4c7b51b230e540316911c55a2d734e");
    }
}
