package dev.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Severity;
import dev.vigil.notifier.delivery.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {

    private static final String SECRET_URL = "https://hooks.example.com/in?token=s3cr3t-token";

    private static NotifierConfig config(String... keyValues) {
        Map<String, String> values = new HashMap<>(Map.of("bootstrap.servers", "localhost:9092", "schema.registry.url", "mem://cfg"));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new NotifierConfig(values);
    }

    @Test
    void defaultsToTheConsoleForEverySeverity() {
        NotifierConfig config = config();

        assertThat(config.channels()).containsExactly("console");
        assertThat(config.consoleMinSeverity()).isEqualTo(Severity.low);
        assertThat(config.webhookMinSeverity()).isEqualTo(Severity.medium);
        assertThat(config.groupId()).isEqualTo("vigil-notifier");
        assertThat(config.retryPolicy()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        assertThat(config.getInt("vigil.ops.port")).isEqualTo(9402);
        assertThat(config.topics().alerts()).isEqualTo("vigil.alerts.v1");
        assertThat(config.topics().notifications()).isEqualTo("vigil.notifications.v1");
    }

    @Test
    void readsTheWebhookSettings() {
        NotifierConfig config = config(NotifierConfig.CHANNELS, "console, Webhook", NotifierConfig.WEBHOOK_URL, SECRET_URL,
                NotifierConfig.WEBHOOK_TIMEOUT, "250ms", NotifierConfig.WEBHOOK_MIN_SEVERITY, "HIGH");

        assertThat(config.channels()).containsExactly("console", "webhook");
        assertThat(config.webhook().url()).isEqualTo(URI.create(SECRET_URL));
        assertThat(config.webhook().timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.webhookMinSeverity()).isEqualTo(Severity.high);
    }

    @Test
    void readsDurationsInShortAndIsoForms() {
        NotifierConfig config = config(NotifierConfig.RETRY_INITIAL_BACKOFF, "2m", NotifierConfig.RETRY_MAX_BACKOFF, "PT1H",
                NotifierConfig.RETRY_MAX_ATTEMPTS, "5");

        assertThat(config.retryPolicy()).isEqualTo(new RetryPolicy(5, Duration.ofMinutes(2), Duration.ofHours(1)));
    }

    @Test
    void requiresTheWebhookUrlWhenTheWebhookIsListed() {
        assertThatThrownBy(() -> config(NotifierConfig.CHANNELS, "webhook"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.notifier.webhook.url")
                .hasMessageContaining("required");
    }

    @Test
    void rejectsAnUnknownOrRepeatedChannelNamingTheKey() {
        assertThatThrownBy(() -> config(NotifierConfig.CHANNELS, "console,pager"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vigil.notifier.channels").hasMessageContaining("unknown channel 'pager'");
        assertThatThrownBy(() -> config(NotifierConfig.CHANNELS, "console,console"))
                .hasMessageContaining("vigil.notifier.channels").hasMessageContaining("listed twice");
        assertThatThrownBy(() -> config(NotifierConfig.CHANNELS, ""))
                .hasMessageContaining("vigil.notifier.channels").hasMessageContaining("at least one channel");
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        assertThatThrownBy(() -> config(NotifierConfig.WEBHOOK_TIMEOUT, "fast"))
                .hasMessageContaining("vigil.notifier.webhook.timeout").hasMessageContaining("not a duration");
        assertThatThrownBy(() -> config(NotifierConfig.WEBHOOK_TIMEOUT, "1h"))
                .hasMessageContaining("vigil.notifier.webhook.timeout").hasMessageContaining("between");
        assertThatThrownBy(() -> config(NotifierConfig.CONSOLE_MIN_SEVERITY, "urgent"))
                .hasMessageContaining("vigil.notifier.console.min-severity");
        assertThatThrownBy(() -> config(NotifierConfig.RETRY_MAX_ATTEMPTS, "0"))
                .hasMessageContaining("vigil.notifier.retry.max-attempts");
        assertThatThrownBy(() -> config(NotifierConfig.RETRY_INITIAL_BACKOFF, "1m", NotifierConfig.RETRY_MAX_BACKOFF, "10s"))
                .hasMessageContaining("vigil.notifier.retry.max-backoff").hasMessageContaining("vigil.notifier.retry.initial-backoff");
    }

    @Test
    void neverEchoesTheWebhookUrlInAnErrorOrTheConfigValues() {
        String notHttp = "ftp://hooks.example.com/in?token=s3cr3t-token";
        assertThatThrownBy(() -> config(NotifierConfig.CHANNELS, "webhook", NotifierConfig.WEBHOOK_URL, notHttp))
                .hasMessageContaining("vigil.notifier.webhook.url")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> config(NotifierConfig.CHANNELS, "webhook", NotifierConfig.WEBHOOK_URL, "http://h ost/?token=s3cr3t-token"))
                .hasMessageContaining("vigil.notifier.webhook.url")
                .hasMessageNotContaining("s3cr3t");

        NotifierConfig config = config(NotifierConfig.CHANNELS, "webhook", NotifierConfig.WEBHOOK_URL, SECRET_URL);
        assertThat(config.values().get(NotifierConfig.WEBHOOK_URL)).hasToString("[hidden]");
        assertThat(config.webhook().toString()).doesNotContain("s3cr3t").contains("https://hooks.example.com/in");
    }

    @Test
    void documentsAndValidatesEveryNotifierKey() {
        List<ConfigDef.ConfigKey> keys = NotifierConfig.definition().configKeys().values().stream()
                .filter(key -> key.name.startsWith("vigil.notifier.")).toList();

        assertThat(keys).hasSize(11).allSatisfy(key -> {
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(key.validator).as(key.name).isNotNull();
        });
    }

    @Test
    void aBadWebhookSecretOrHostListIsRefusedWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> config(NotifierConfig.WEBHOOK_SECRET, "whsec_not-base64-at-all!!"))
                .hasMessageContaining(NotifierConfig.WEBHOOK_SECRET).hasMessageNotContaining("not-base64-at-all");
        assertThatThrownBy(() -> config(NotifierConfig.ALLOWED_HOSTS, "smtp.internal, bad host/x"))
                .hasMessageContaining(NotifierConfig.ALLOWED_HOSTS);
        assertThat(config(NotifierConfig.ALLOWED_HOSTS, "smtp.internal,localhost:8025").hostPolicy()
                .refusal(java.net.URI.create("http://localhost:8025/x"))).isNull();
    }
}
