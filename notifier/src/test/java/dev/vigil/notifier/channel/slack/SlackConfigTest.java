package dev.vigil.notifier.channel.slack;

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

class SlackConfigTest {

    private static final String TOKEN = "xoxwebhooktoken0123456789";
    private static final String WEBHOOK = "https://hooks.slack.com/services/T0TEAM0001/B0HOOK0001/" + TOKEN;

    @Test
    void readsTheWebhookAndDefaultsTheTimeoutToTenSeconds() {
        SlackConfig config = SlackConfig.from(Map.of("webhookUrl", WEBHOOK));

        assertThat(config.webhookUrl()).isEqualTo(URI.create(WEBHOOK));
        assertThat(config.alertBaseUrl()).isNull();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsTheAlertBaseUrlWithoutItsTrailingSlashAndTheTimeout() {
        SlackConfig config = SlackConfig.from(Map.of("webhookUrl", " " + WEBHOOK + " ", "alertBaseUrl", "https://vigil.example.com/ops/",
                "timeout", "2500ms"));

        assertThat(config.alertBaseUrl()).isEqualTo(URI.create("https://vigil.example.com/ops"));
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void toStringShowsNoPartOfTheWebhookPath() {
        assertThat(SlackConfig.from(Map.of("webhookUrl", WEBHOOK)).toString())
                .contains("https://hooks.slack.com/***").doesNotContain(TOKEN).doesNotContain("services");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "webhookUrl   | <none>                                                    | settings.webhookUrl   | is required",
            "webhookUrl   | '   '                                                     | settings.webhookUrl   | is required",
            "webhookUrl   | http://hooks.slack.com/services/T0TEAM0001/B0HOOK0001/" + TOKEN + " | settings.webhookUrl | https",
            "webhookUrl   | hooks.slack.com/services/T0TEAM0001/B0HOOK0001/" + TOKEN + "        | settings.webhookUrl | https",
            "webhookUrl   | https://hooks.slack.com/services/T0 B0/" + TOKEN + "                | settings.webhookUrl | not a valid URL",
            "webhookUrl   | https://hooks.slack.com/                                  | settings.webhookUrl   | path included",
            "webhookUrl   | https://hooks.slack.com/services/T0TEAM0001/B0HOOK0001/" + TOKEN + "?x=1 | settings.webhookUrl | query",
            "webhookUrl   | https://u:" + TOKEN + "@hooks.slack.com/services/T0TEAM0001 | settings.webhookUrl  | user-info",
            "alertBaseUrl | ftp://vigil.example.com                                   | settings.alertBaseUrl | http or https",
            "alertBaseUrl | https://vigil.example.com/?tenant=t1                      | settings.alertBaseUrl | query",
            "timeout      | soon                                                      | settings.timeout      | not a duration",
            "timeout      | 0s                                                        | settings.timeout      | above 0",
            "timeout      | 10m                                                       | settings.timeout      | at most 120s",
            "webhookURL   | x                                                         | settings.webhookURL   | unknown setting; known: alertBaseUrl, timeout, webhookUrl",
    })
    void namesTheBadSettingWithoutEchoingTheWebhook(String key, String value, String field, String reason) {
        Map<String, String> settings = new HashMap<>(Map.of("webhookUrl", WEBHOOK));
        if (value.equals("<none>")) {
            settings.remove(key);
        } else {
            settings.put(key, value);
        }

        ChannelSettingsException e = catchThrowableOfType(ChannelSettingsException.class, () -> SlackConfig.from(settings));

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("T0TEAM0001");
    }

    @Test
    void aMissingSettingsMapIsAMissingWebhook() {
        assertThat(catchThrowableOfType(ChannelSettingsException.class, () -> SlackConfig.from(null)).field())
                .isEqualTo("settings.webhookUrl");
    }
}
