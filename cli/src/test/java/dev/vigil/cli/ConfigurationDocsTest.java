package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.config.ConfigDocs;
import dev.vigil.lifecycle.LifecycleConfig;
import dev.vigil.notifier.NotifierConfig;
import dev.vigil.topology.TopologyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/configuration.md must say exactly what the code accepts; regenerate it with {@code vigil run APP --describe-config}. */
class ConfigurationDocsTest {

    private static final Path DOCS = Path.of("..", "docs", "configuration.md");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"topology", "notifier", "lifecycle"})
    void theReferenceHoldsEveryKeyOfEveryApp(String app) throws IOException {
        ConfigDef definition = switch (app) {
            case "topology" -> TopologyConfig.definition();
            case "notifier" -> NotifierConfig.definition();
            default -> LifecycleConfig.definition();
        };
        String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
        assertThat(docs).as("docs/configuration.md is stale for %s: regenerate with ./vigil run %s --describe-config", app, app)
                .contains("## " + app + "\n\n" + ConfigDocs.markdown(definition));
    }
}
