package dev.vigil.simulator.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void sameSeedAndPathGiveTheSameDraws() {
        Rng a = Rng.of(7, Purpose.TRAFFIC, 3, 99);
        Rng b = Rng.of(7, Purpose.TRAFFIC, 3, 99);

        assertThat(IntStream.range(0, 100).mapToDouble(i -> a.uniform()).toArray())
                .containsExactly(IntStream.range(0, 100).mapToDouble(i -> b.uniform()).toArray());
    }

    @Test
    void neighbouringPathsGiveDifferentDraws() {
        assertThat(Rng.of(7, Purpose.TRAFFIC, 3, 99).nextLong()).isNotEqualTo(Rng.of(7, Purpose.TRAFFIC, 3, 100).nextLong());
        assertThat(Rng.of(7, Purpose.TRAFFIC, 3).nextLong()).isNotEqualTo(Rng.of(7, Purpose.AGENT, 3).nextLong());
        assertThat(Rng.of(7, Purpose.TRAFFIC, 3).nextLong()).isNotEqualTo(Rng.of(8, Purpose.TRAFFIC, 3).nextLong());
    }

    @Test
    void exponentialGapsAverageOneOverTheRate() {
        Rng rng = Rng.of(1, Purpose.TRAFFIC);
        double mean = IntStream.range(0, 200_000).mapToDouble(i -> rng.exponential(4)).average().orElseThrow();

        assertThat(mean).isCloseTo(0.25, within(0.005));
    }

    @Test
    void logNormalIsCentredOnItsMedian() {
        Rng rng = Rng.of(1, Purpose.TRAFFIC);
        double[] draws = IntStream.range(0, 100_001).mapToDouble(i -> rng.logNormal(50, 0.8)).sorted().toArray();

        assertThat(draws[50_000]).isCloseTo(50, within(1.5));
    }

    @Test
    void gaussianHasUnitVariance() {
        Rng rng = Rng.of(1, Purpose.TRAFFIC);
        double[] draws = IntStream.range(0, 200_000).mapToDouble(i -> rng.gaussian()).toArray();
        double mean = java.util.Arrays.stream(draws).average().orElseThrow();
        double variance = java.util.Arrays.stream(draws).map(x -> (x - mean) * (x - mean)).average().orElseThrow();

        assertThat(mean).isCloseTo(0, within(0.01));
        assertThat(variance).isCloseTo(1, within(0.02));
    }

    @Test
    void sampleReturnsDistinctElementsOfTheList() {
        List<Integer> items = List.of(1, 2, 3, 4, 5, 6, 7, 8);
        List<Integer> sample = Rng.of(3, Purpose.AGENT).sample(items, 5);

        assertThat(sample).hasSize(5).doesNotHaveDuplicates().isSubsetOf(items);
        assertThat(Rng.of(3, Purpose.AGENT).sample(items, 20)).hasSize(8);
    }

    @Test
    void weightedNeverPicksAZeroWeight() {
        Rng rng = Rng.of(3, Purpose.AGENT);

        assertThat(IntStream.range(0, 10_000).map(i -> rng.weighted(new double[] {1, 0, 2}))).doesNotContain(1);
    }

    @Test
    void uuidsAreVersionFourAndDistinct() {
        Rng rng = Rng.of(3, Purpose.AGENT);
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = rng.uuid();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}
