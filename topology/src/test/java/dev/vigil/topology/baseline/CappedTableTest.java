package dev.vigil.topology.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateWriter;
import org.junit.jupiter.api.Test;

class CappedTableTest {

    private static final long HOUR = 3_600_000;

    @Test
    void evictsTheLeastRecentlyUsedKeyWhenFull() {
        CappedTable<Moments> table = new CappedTable<>(2, Moments::new);
        table.touch("a", 0).add(1, 10);
        table.touch("b", HOUR).add(2, 10);
        table.touch("a", 2 * HOUR);
        table.touch("c", 3 * HOUR);

        assertThat(table.size()).isEqualTo(2);
        assertThat(table.get("a")).isNotNull();
        assertThat(table.get("b")).as("least recently used").isNull();
        assertThat(table.get("c").count()).as("starts empty").isZero();
    }

    @Test
    void survivesARoundTripAndKeepsTheFirstEntriesWhenTheCapacityShrinks() {
        CappedTable<Moments> table = new CappedTable<>(4, Moments::new);
        for (int i = 0; i < 4; i++) {
            table.touch("k" + i, i * HOUR).add(i, 10);
        }
        StateWriter out = new StateWriter();
        table.write(out, Moments::write);
        byte[] bytes = out.toByteArray();

        CappedTable<Moments> same = CappedTable.read(new StateReader(bytes), 4, Moments::new, Moments::read);
        CappedTable<Moments> smaller = CappedTable.read(new StateReader(bytes), 2, Moments::new, Moments::read);

        assertThat(same.get("k3").mean()).isEqualTo(3);
        assertThat(smaller.size()).isEqualTo(2);
        assertThat(smaller.get("k1")).isNotNull();
        assertThat(smaller.get("k2")).isNull();
    }
}
