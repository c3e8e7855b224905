package dev.vigil.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.BreakerState;
import dev.vigil.lifecycle.AgentFixtures;
import dev.vigil.lifecycle.Fixtures;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The calibration percentage of the status answer. */
class AgentStatusJsonTest {

    private static final Instant FIRST = Fixtures.T0;
    private static final Instant END = FIRST.plus(Duration.ofDays(10));

    private static AgentStatus status(Instant first, Instant end, boolean ended) {
        return AgentStatus.newBuilder(AgentFixtures.status("a", "t", BreakerState.MONITORING, FIRST))
                .setFirstEventAt(first).setCalibrationEndsAt(end).setCalibrationEnded(ended).build();
    }

    @ParameterizedTest
    @CsvSource({"-1, 0", "0, 0", "1, 10", "5, 50", "9, 90", "10, 100", "30, 100"})
    void isTheShareOfWallClockTimeFromTheFirstEventToTheEndClamped(long days, int percent) {
        assertThat(AgentStatusJson.percent(status(FIRST, END, false), FIRST.plus(Duration.ofDays(days))))
                .isEqualTo(percent);
    }

    @Test
    void roundsDown() {
        assertThat(AgentStatusJson.percent(status(FIRST, END, false), FIRST.plus(Duration.ofHours(239))))
                .isEqualTo(99);
    }

    @Test
    void isAHundredOnceMarkedCalibratedOrWithoutAnEnd() {
        assertThat(AgentStatusJson.percent(status(FIRST, END, true), FIRST)).isEqualTo(100);
        assertThat(AgentStatusJson.percent(status(FIRST, null, false), FIRST)).isEqualTo(100);
        assertThat(AgentStatusJson.percent(status(FIRST, FIRST, false), FIRST)).isEqualTo(100);
    }

    @Test
    void isUnknownWithoutAFirstEvent() {
        assertThat(AgentStatusJson.percent(status(null, null, false), FIRST)).isNull();
        assertThat(AgentStatusJson.percent(status(null, END, false), FIRST)).isNull();
    }
}
