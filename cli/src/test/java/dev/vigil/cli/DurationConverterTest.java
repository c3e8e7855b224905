package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "90s, PT1M30S",
            "2m, PT2M",
            "1h, PT1H",
            "500ms, PT0.5S",
            "PT2M, PT2M",
            "pt45s, PT45S",
            "3d, PT72H",
            "' 2M ', PT2M"})
    void readsDurationsAsPeopleWriteThem(String written, String expected) {
        assertThat(converter.convert(written)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"garbage", "", "90", "2 minutes", "1.5h", "m", "10x", "PT"})
    void refusesAnythingElseNamingTheValue(String written) {
        assertThatThrownBy(() -> converter.convert(written))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + written + "'")
                .hasMessageContaining("5m");
    }

    @org.junit.jupiter.api.Test
    void aBadDurationOnTheCommandLineIsAUsageErrorNamingTheOption() {
        Cli.Result result = Cli.run("demo", "--duration", "soon");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--duration").contains("'soon'");
    }
}
