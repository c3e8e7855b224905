package dev.vigil.notifier.channel.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.notifier.channel.ChannelSettingsException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatadogConfigTest {

    private static final String API_KEY = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    @Test
    void defaultsToTheUs1SiteAndTenSeconds() {
        DatadogConfig config = DatadogConfig.from(Map.of("apiKey", API_KEY));

        assertThat(config.site()).isEqualTo("datadoghq.com");
        assertThat(config.intakeUrl()).isEqualTo(URI.create("https://api.datadoghq.com/api/v1/events"));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.toString()).doesNotContain(API_KEY).contains("apiKey=***");
    }

    @ParameterizedTest
    @CsvSource({
            "datadoghq.com, https://api.datadoghq.com/api/v1/events",
            "us3.datadoghq.com, https://api.us3.datadoghq.com/api/v1/events",
            "us5.datadoghq.com, https://api.us5.datadoghq.com/api/v1/events",
            "datadoghq.eu, https://api.datadoghq.eu/api/v1/events",
            "AP1.datadoghq.com, https://api.ap1.datadoghq.com/api/v1/events",
            "ddog-gov.com, https://api.ddog-gov.com/api/v1/events",
    })
    void sendsToTheEventsApiOfTheSite(String site, String url) {
        assertThat(DatadogConfig.from(Map.of("apiKey", API_KEY, "site", site)).intakeUrl()).isEqualTo(URI.create(url));
    }

    @Test
    void anIntakeUrlOverridesTheSitesUrl() {
        DatadogConfig config = DatadogConfig.from(Map.of("apiKey", API_KEY, "site", "datadoghq.eu",
                "intakeUrl", "https://dd-proxy.example.com/api/v1/events", "timeout", "4s"));

        assertThat(config.site()).isEqualTo("datadoghq.eu");
        assertThat(config.intakeUrl()).isEqualTo(URI.create("https://dd-proxy.example.com/api/v1/events"));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(4));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "apiKey    | <none>                                      | settings.apiKey    | is required",
            "apiKey    | '0a1b2c3d4e5f 60718293a4b5c6d7e8f9'         | settings.apiKey    | without spaces",
            "site      | datadoghq.co                                | settings.site      | unknown Datadog site 'datadoghq.co'",
            "site      | app.datadoghq.com                           | settings.site      | one of datadoghq.com, us3.datadoghq.com",
            "intakeUrl | http://dd-proxy.example.com/api/v1/events   | settings.intakeUrl | https",
            "intakeUrl | https://dd-proxy.example.com/x#frag         | settings.intakeUrl | fragment",
            "timeout   | -1s                                         | settings.timeout   | not a duration",
            "timeout   | 0ms                                         | settings.timeout   | above 0",
            "api_key   | x                                           | settings.api_key   | unknown setting; known: apiKey, intakeUrl, site, timeout",
    })
    void namesTheBadSettingWithoutEchoingTheKey(String key, String value, String field, String reason) {
        Map<String, String> settings = new HashMap<>(Map.of("apiKey", API_KEY));
        if (value.equals("<none>")) {
            settings.remove(key);
        } else {
            settings.put(key, value);
        }

        ChannelSettingsException e = catchThrowableOfType(ChannelSettingsException.class, () -> DatadogConfig.from(settings));

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).doesNotContain("0a1b2c3d4e5f");
    }
}
