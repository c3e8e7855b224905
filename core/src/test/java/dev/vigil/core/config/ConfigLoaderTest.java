package dev.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final ConfigDef DEF = CommonConfig.define(new ConfigDef(), 9400)
            .define("vigil.test.secret", ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.LOW, "A secret.");

    @TempDir
    Path dir;

    @Test
    void laterSourcesWinInTheOrderFileEnvironmentCommandLine() throws IOException {
        Path file = Files.writeString(dir.resolve("app.properties"),
                "bootstrap.servers=file:9092\nschema.registry.url=mem://file\nvigil.ops.port=1111\nvigil.topic.events=from-file\n");
        Map<String, String> values = ConfigLoader.load(DEF, file,
                Map.of("VIGIL_OPS_PORT", "2222", "SCHEMA_REGISTRY_URL", "mem://env"),
                Map.of("vigil.ops.port", "3333"));
        AbstractConfig config = new AbstractConfig(DEF, values);
        assertThat(config.getList("bootstrap.servers")).containsExactly("file:9092");
        assertThat(config.getString("schema.registry.url")).isEqualTo("mem://env");
        assertThat(config.getInt("vigil.ops.port")).isEqualTo(3333);
        assertThat(Topics.from(config).events()).isEqualTo("from-file");
        assertThat(Topics.from(config).alerts()).isEqualTo("vigil.alerts.v1");
    }

    @Test
    void kafkaPassThroughComesFromTheEnvironmentWithItsPrefix() {
        Map<String, String> values = ConfigLoader.load(DEF, null,
                Map.of("BOOTSTRAP_SERVERS", "b:9092", "SCHEMA_REGISTRY_URL", "mem://x", "VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"), Map.of());
        AbstractConfig config = new AbstractConfig(DEF, values);
        assertThat(CommonConfig.kafkaProperties(config))
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("bootstrap.servers", "b:9092");
    }

    @Test
    void anUnknownVigilKeyIsAnErrorThatNamesIt() {
        assertThatThrownBy(() -> ConfigLoader.load(DEF, null, Map.of(), Map.of("vigil.topic.evnets", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("vigil.topic.evnets");
    }

    @Test
    void aMissingRequiredKeyOrABadValueNamesTheKey() {
        assertThatThrownBy(() -> new AbstractConfig(DEF, Map.of("schema.registry.url", "mem://x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> new AbstractConfig(DEF, Map.of("bootstrap.servers", "b:1", "schema.registry.url", "mem://x", "vigil.ops.port", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("vigil.ops.port");
    }

    @Test
    void aMissingConfigFileIsAnErrorThatNamesTheFile() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> ConfigLoader.load(DEF, missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void theEffectiveConfigMasksSecrets() {
        AbstractConfig config = new AbstractConfig(DEF, Map.of("bootstrap.servers", "b:1", "schema.registry.url", "mem://x",
                "vigil.test.secret", "hunter2", "kafka.sasl.jaas.config", "user=a password=hunter3", "kafka.client.id", "c1"));
        String shown = EffectiveConfig.describe(config);
        assertThat(shown).doesNotContain("hunter2").doesNotContain("hunter3")
                .contains("vigil.test.secret=[hidden]").contains("sasl.jaas.config=[hidden]").contains("client.id=c1");
    }

    @Test
    void theDocsTableListsEveryKeyWithItsEnvironmentName() {
        String docs = ConfigDocs.markdown(DEF);
        assertThat(docs).contains("| `vigil.topic.events` | `VIGIL_TOPIC_EVENTS` |").contains("| list | (required) |").contains("| string | `vigil.events.v1` |");
    }

    @Test
    void topicNamesSurviveTheTripThroughConfiguration() {
        Topics custom = new Topics("e", "a", "r", "al", "ae", "as", "c", "n", "s", "d", "si");
        Map<String, Object> values = new java.util.HashMap<>(custom.asConfig());
        values.put("bootstrap.servers", "b:1");
        values.put("schema.registry.url", "mem://x");
        assertThat(Topics.from(new AbstractConfig(DEF, values))).isEqualTo(custom);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a", "kafka:", ":9092", "kafka:http", "kafka:70000", "k1:9092,k2"})
    void bootstrapServersMustBeHostAndPort(String servers) {
        assertThatThrownBy(() -> new AbstractConfig(DEF, Map.of("bootstrap.servers", servers, "schema.registry.url", "mem://x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers").hasMessageContaining("not host:port");
    }

    @Test
    void bootstrapServersAcceptHostsNamesAndIpv6() {
        AbstractConfig config = new AbstractConfig(DEF, Map.of("bootstrap.servers", "kafka-1.internal:9092, 10.0.0.7:9093,[::1]:9094",
                "schema.registry.url", "mem://x"));
        assertThat(config.getList("bootstrap.servers")).hasSize(3);
    }
}
