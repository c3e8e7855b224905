package dev.vigil.topology.detect.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CapabilityLevelsTest {

    @Test
    void bothLevelsFitInOneByte() {
        CapabilityLevels levels = new CapabilityLevels();
        levels.learn(2);
        levels.report(CapabilityLevels.MAX_LEVEL);
        StateWriter out = new StateWriter();
        levels.write(out);
        byte[] bytes = out.toByteArray();

        CapabilityLevels copy = CapabilityLevels.read(new StateReader(bytes));
        assertThat(bytes).hasSize(1);
        assertThat(copy.learned()).isEqualTo(2);
        assertThat(copy.reported()).isEqualTo(CapabilityLevels.MAX_LEVEL);
    }

    @Test
    void acceptingTheReportedLevelLearnsIt() {
        CapabilityLevels levels = new CapabilityLevels();
        levels.learn(1);
        levels.report(3);
        levels.acceptReported();

        assertThat(levels.learned()).isEqualTo(3);
        assertThat(levels.reported()).isZero();
    }

    @Test
    void refusesALevelOutOfRange() {
        assertThatThrownBy(() -> CapabilityLevels.read(new StateReader(new byte[] {7})))
                .isInstanceOf(SerializationException.class).hasMessageContaining("capability levels out of range");
    }
}
