package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsToTwoHundredThousandEventsOfAThousandAgentsOnFourPartitions() {
        assertThat(BenchOptions.parse()).isEqualTo(new BenchOptions(200_000, 1000, 4, 1, 42, "vigil"));
    }

    @Test
    void readsSpaceAndEqualsSeparatedValues() {
        BenchOptions options = BenchOptions.parse("--events", "50_000", "--partitions=8", "--threads", "2");

        assertThat(options).isEqualTo(new BenchOptions(50_000, 1000, 8, 2, 42, "vigil"));
    }

    @Test
    void printsArgumentsThatParseBackToTheSameOptions() {
        BenchOptions options = new BenchOptions(1234, 10, 3, 2, 7, "baseline");

        assertThat(BenchOptions.parse(options.asArguments().split(" "))).isEqualTo(options);
    }

    @Test
    void rejectsAnUnknownOption() {
        assertThatThrownBy(() -> BenchOptions.parse("--event", "5")).hasMessageContaining("unknown option --event");
    }

    @Test
    void rejectsAnOptionWithoutValue() {
        assertThatThrownBy(() -> BenchOptions.parse("--events")).hasMessageContaining("--events needs a value");
    }

    @Test
    void rejectsANonNumber() {
        assertThatThrownBy(() -> BenchOptions.parse("--threads", "two")).hasMessageContaining("--threads must be a whole number");
    }

    @Test
    void rejectsZeroAndTooLargeCounts() {
        assertThatThrownBy(() -> BenchOptions.parse("--partitions", "0")).hasMessageContaining("--partitions must be at least 1");
        assertThatThrownBy(() -> BenchOptions.parse("--events", "99999999999")).hasMessageContaining("--events is too large");
    }

    @Test
    void rejectsAnUnknownTopology() {
        assertThatThrownBy(() -> BenchOptions.parse("--topology", "fast")).hasMessageContaining("--topology must be one of [vigil, baseline]");
    }

    @Test
    void rejectsAStrayArgument() {
        assertThatThrownBy(() -> BenchOptions.parse("200000")).hasMessageContaining("unexpected argument '200000'");
    }

    @Test
    void readsRepeatAndKeys() {
        BenchOptions options = BenchOptions.parse("--repeat", "40", "--keys", "none", "--events", "1000");

        assertThat(options).isEqualTo(new BenchOptions(1000, 1000, 4, 1, 42, "vigil", 40, "none"));
        assertThat(BenchOptions.parse(options.asArguments().split(" "))).isEqualTo(options);
    }

    @Test
    void leavesDefaultRepeatAndKeysOutOfTheReproducingArguments() {
        assertThat(BenchOptions.defaults().asArguments()).doesNotContain("--repeat").doesNotContain("--keys");
    }

    @Test
    void rejectsUnknownKeysAndUnkeyedEventsForTheBaseline() {
        assertThatThrownBy(() -> BenchOptions.parse("--keys", "tenant")).hasMessageContaining("--keys must be one of [agent, none]");
        assertThatThrownBy(() -> BenchOptions.parse("--keys", "none", "--topology", "baseline"))
                .hasMessageContaining("--keys none needs --topology vigil");
        assertThatThrownBy(() -> BenchOptions.parse("--repeat", "0")).hasMessageContaining("--repeat must be at least 1");
    }

    @Test
    void readsRulesAndTheirShape() {
        BenchOptions options = BenchOptions.parse("--rules", "100", "--rule-shape", "scoped", "--events", "1000");

        assertThat(options).isEqualTo(new BenchOptions(1000, 1000, 4, 1, 42, "vigil", 1, "agent", 100, "scoped"));
        assertThat(options.asArguments()).endsWith(" --rules 100 --rule-shape scoped");
        assertThat(BenchOptions.parse(options.asArguments().split(" "))).isEqualTo(options);
        assertThat(BenchOptions.defaults().asArguments()).doesNotContain("--rule");
    }

    @Test
    void rejectsNegativeRulesAnUnknownShapeAndRulesForTheBaseline() {
        assertThatThrownBy(() -> BenchOptions.parse("--rules", "-1")).hasMessageContaining("--rules must be at least 0");
        assertThatThrownBy(() -> BenchOptions.parse("--rule-shape", "tenant"))
                .hasMessageContaining("--rule-shape must be one of [global, scoped]");
        assertThatThrownBy(() -> BenchOptions.parse("--rules", "10", "--topology", "baseline"))
                .hasMessageContaining("--rules needs --topology vigil");
    }
}
