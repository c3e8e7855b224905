package dev.vigil.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.avro.ChannelConfig;
import dev.vigil.avro.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aFullConfigMapsFieldByField() throws Exception {
        ChannelConfig config = ChannelJson.fromJson(json("""
                {"name": "sec-hook", "type": "webhook", "enabled": false, "severities": ["high", "critical"],
                 "matchers": {"tenantId": "acme"}, "settings": {"url": "https://h.example/in", "port": 587, "tls": true},
                 "groupWait": "30s", "groupInterval": "5m", "repeatInterval": "4h"}
                """));

        assertThat(config).isEqualTo(ChannelConfig.newBuilder().setName("sec-hook").setType("webhook").setEnabled(false)
                .setSeverities(List.of(Severity.high, Severity.critical)).setMatchers(Map.of("tenantId", "acme"))
                .setSettings(Map.of("url", "https://h.example/in", "port", "587", "tls", "true"))
                .setGroupWait("30s").setGroupInterval("5m").setRepeatInterval("4h").build());
    }

    @Test
    void absentFieldsTakeTheSchemasDefaults() throws Exception {
        ChannelConfig config = ChannelJson.fromJson(json("{\"name\": \"c\", \"type\": \"console\", \"groupWait\": null}"));

        assertThat(config.getEnabled()).isTrue();
        assertThat(config.getSeverities()).isEmpty();
        assertThat(config.getMatchers()).isEmpty();
        assertThat(config.getSettings()).isEmpty();
        assertThat(config.getGroupWait()).isNull();
    }

    @Test
    void theJsonOfARecordReadsBackAsTheSameRecord() throws Exception {
        ChannelConfig config = ChannelConfig.newBuilder().setName("c").setType("webhook")
                .setSeverities(List.of(Severity.low)).setMatchers(Map.of("ruleId", "r", "agentId", "a"))
                .setSettings(Map.of("url", "https://h.example/in")).setRepeatInterval("1h").build();

        JsonNode written = ChannelJson.toJson(config);

        assertThat(ChannelJson.fromJson(written)).isEqualTo(config);
        assertThat(written.toString()).isEqualTo("{\"name\":\"c\",\"type\":\"webhook\",\"enabled\":true,"
                + "\"severities\":[\"low\"],\"matchers\":{\"agentId\":\"a\",\"ruleId\":\"r\"},"
                + "\"settings\":{\"url\":\"https://h.example/in\"},\"groupWait\":null,\"groupInterval\":null,"
                + "\"repeatInterval\":\"1h\",\"rateBudget\":null}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\": \"console\"}                                      | name           | is required",
            "{\"name\": 3, \"type\": \"console\"}                         | name           | must be a string",
            "{\"name\": \"c\"}                                            | type           | is required",
            "{\"name\": \"c\", \"type\": \"console\", \"severity\": []}   | severity       | allowed: name, type",
            "{\"name\": \"c\", \"type\": \"console\", \"enabled\": \"y\"} | enabled        | must be true or false",
            "{\"name\": \"c\", \"type\": \"console\", \"severities\": \"high\"} | severities | must be a list",
            "{\"name\": \"c\", \"type\": \"console\", \"severities\": [\"high\", \"urgent\"]} | severities[1] | must be one of low, medium, high, critical",
            "{\"name\": \"c\", \"type\": \"console\", \"matchers\": {\"tenantId\": 1}} | matchers.tenantId | must be a string",
            "{\"name\": \"c\", \"type\": \"console\", \"matchers\": []}   | matchers       | must be an object",
            "{\"name\": \"c\", \"type\": \"console\", \"settings\": {\"a\": {}}} | settings.a | must be a string, number or boolean",
            "{\"name\": \"c\", \"type\": \"console\", \"groupWait\": 30}  | groupWait      | must be a string",
    })
    void aWrongJsonTypeIsRefusedNamingTheField(String body, String field, String reason) throws Exception {
        assertThatThrownBy(() -> ChannelJson.fromJson(json(body)))
                .isInstanceOfSatisfying(ChannelSettingsException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).contains(reason);
                });
    }

    @Test
    void aBadSettingIsNamedButItsValueIsNotShown() throws Exception {
        assertThatThrownBy(() -> ChannelJson.fromJson(json(
                "{\"name\": \"c\", \"type\": \"x\", \"settings\": {\"token\": [\"tok-5f1d2c9a8b7e\"]}}")))
                .hasMessageNotContaining("tok-5f1d2c9a8b7e");
    }

    @Test
    void aBodyThatIsNoObjectIsRefused() throws Exception {
        assertThatThrownBy(() -> ChannelJson.fromJson(json("[]"))).isInstanceOf(ChannelSettingsException.class);
    }
}
