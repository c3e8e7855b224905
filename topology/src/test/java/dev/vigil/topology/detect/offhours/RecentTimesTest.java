package dev.vigil.topology.detect.offhours;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;
import org.junit.jupiter.api.Test;

class RecentTimesTest {

    @Test
    void keepsTheLatestInOrderAndRefusesOnesOlderThanAllOfThem() {
        RecentTimes recent = new RecentTimes();
        for (long t : new long[] {100, 300, 200, 400}) {
            assertThat(recent.add(t, 3)).isTrue();
        }

        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.first()).isEqualTo(200);
        assertThat(recent.last()).isEqualTo(400);
        assertThat(recent.add(150, 3)).isFalse();
        assertThat(recent.add(250, 3)).isTrue();
        assertThat(recent.first()).isEqualTo(250);
    }

    @Test
    void shrinksToALowerLimitAndReadsBackWhatItWrote() {
        RecentTimes recent = new RecentTimes();
        for (long t = 0; t < 10; t++) {
            recent.add(1_772_000_000_000L + t * 60_000, 10);
        }
        recent.add(1_772_000_000_000L + 10 * 60_000, 4);
        StateWriter out = new StateWriter();
        recent.write(out);
        RecentTimes read = RecentTimes.read(new StateReader(out.toByteArray()));

        assertThat(read.size()).isEqualTo(4);
        assertThat(read.first()).isEqualTo(1_772_000_000_000L + 7 * 60_000);
        assertThat(read.last()).isEqualTo(1_772_000_000_000L + 10 * 60_000);
    }
}
