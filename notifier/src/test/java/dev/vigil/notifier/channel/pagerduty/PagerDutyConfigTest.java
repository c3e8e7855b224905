package dev.vigil.notifier.channel.pagerduty;

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

class PagerDutyConfigTest {

    private static final String ROUTING_KEY = "e93facc04764012d7bfb002500d5d1a6";

    @Test
    void readsTheRoutingKeyAndDefaultsTheEndpointAndTimeout() {
        PagerDutyConfig config = PagerDutyConfig.from(Map.of("routingKey", ROUTING_KEY));

        assertThat(config.routingKey()).isEqualTo(ROUTING_KEY);
        assertThat(config.eventsUrl()).isEqualTo(URI.create("https://events.pagerduty.com/v2/enqueue"));
        assertThat(config.alertBaseUrl()).isNull();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsEveryOverride() {
        PagerDutyConfig config = PagerDutyConfig.from(Map.of("routingKey", ROUTING_KEY, "eventsUrl", "https://events.eu.pagerduty.com/v2/enqueue",
                "alertBaseUrl", "http://vigil.internal:8080/", "timeout", "3s"));

        assertThat(config.eventsUrl()).isEqualTo(URI.create("https://events.eu.pagerduty.com/v2/enqueue"));
        assertThat(config.alertBaseUrl()).isEqualTo(URI.create("http://vigil.internal:8080"));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.toString()).doesNotContain(ROUTING_KEY).contains("routingKey=***");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "routingKey   | <none>                                         | settings.routingKey   | is required",
            "routingKey   | e93facc04764012d7bfb002500d5d1a                | settings.routingKey   | got 31 characters",
            "routingKey   | e93facc04764012d7bfb002500d5d1a6e              | settings.routingKey   | got 33 characters",
            "routingKey   | e93facc04764012d7bfb002500d5d1a-               | settings.routingKey   | got 32 characters",
            "eventsUrl    | http://events.pagerduty.com/v2/enqueue         | settings.eventsUrl    | https",
            "eventsUrl    | https://events.pagerduty.com/v2/enqueue?k=1    | settings.eventsUrl    | query",
            "eventsUrl    | https://events pagerduty.com/v2                | settings.eventsUrl    | not a valid URL",
            "alertBaseUrl | vigil.example.com                              | settings.alertBaseUrl | http or https",
            "timeout      | 1 hour                                         | settings.timeout      | not a duration",
            "timeout      | 5m                                             | settings.timeout      | at most 120s",
            "routing_key  | x                                              | settings.routing_key  | unknown setting",
    })
    void namesTheBadSettingWithoutEchoingTheRoutingKey(String key, String value, String field, String reason) {
        Map<String, String> settings = new HashMap<>(Map.of("routingKey", ROUTING_KEY));
        if (value.equals("<none>")) {
            settings.remove(key);
        } else {
            settings.put(key, value);
        }

        ChannelSettingsException e = catchThrowableOfType(ChannelSettingsException.class, () -> PagerDutyConfig.from(settings));

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).doesNotContain("e93facc04764012d7bfb002500d5d1a");
    }
}
