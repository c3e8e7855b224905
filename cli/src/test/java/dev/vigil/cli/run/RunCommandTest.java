package dev.vigil.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.Cli;
import dev.vigil.cli.VigilCommand;
import dev.vigil.core.config.CommonConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil run}: configuration is gathered, validated and refused with the key named, before anything starts.
 * No app is ever started here: the launcher is replaced by one that records what it was given and fails, so that
 * the command returns instead of running until stopped. The machine's environment is replaced too.
 */
class RunCommandTest {

    private static final String REGISTRY = "schema.registry.url=mem://run-test";

    @TempDir
    Path dir;

    private final List<AbstractConfig> launched = new ArrayList<>();
    private Map<String, String> environment = Map.of();

    @Test
    void describeConfigPrintsEveryKeyAsAMarkdownTable() {
        Cli.Result result = run("run", "topology", "--describe-config");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("| key | env | type | default | meaning |")
                .contains("| `vigil.detect.velocity_spike.ratio` | `VIGIL_DETECT_VELOCITY_SPIKE_RATIO` |")
                .contains("| `bootstrap.servers` | `BOOTSTRAP_SERVERS` |")
                .contains("(required)");
        assertThat(result.out().lines()).allSatisfy(line -> assertThat(line).startsWith("|").endsWith("|"));
        assertThat(launched).isEmpty();
    }

    @Test
    void describeConfigForTheNotifierListsItsChannels() {
        Cli.Result result = run("run", "notifier", "--describe-config");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("`vigil.notifier.channels`").contains("`vigil.notifier.webhook.url`")
                .doesNotContain("vigil.detect.velocity_spike.ratio");
    }

    @Test
    void aMistypedVigilKeyIsRefusedByName() {
        Cli.Result result = run("run", "topology", "--set", "vigil.topic.evnets=x", "--set", "bootstrap.servers=b:1",
                "--set", REGISTRY);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("vigil.topic.evnets").contains("configuration error");
        assertThat(launched).isEmpty();
    }

    @Test
    void aMissingBootstrapServersIsRefusedByName() {
        Cli.Result result = run("run", "notifier", "--set", REGISTRY);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("bootstrap.servers");
        assertThat(launched).isEmpty();
    }

    @Test
    void aWebhookChannelWithoutItsUrlIsRefusedByName() {
        Cli.Result result = run("run", "notifier", "--set", "vigil.notifier.channels=webhook", "--set", "bootstrap.servers=b:1",
                "--set", REGISTRY);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("vigil.notifier.webhook.url");
        assertThat(launched).isEmpty();
    }

    @Test
    void aBadWebhookUrlIsRefusedWithoutShowingIt() {
        Cli.Result result = run("run", "notifier", "--set", "vigil.notifier.channels=webhook", "--set", "bootstrap.servers=b:1",
                "--set", REGISTRY, "--set", "vigil.notifier.webhook.url=ftp://hooks.example/T0/s3cr3t-token");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("vigil.notifier.webhook.url").doesNotContain("s3cr3t-token");
    }

    @Test
    void anInvalidValueIsRefusedNamingTheKey() {
        Cli.Result result = run("run", "topology", "--set", "bootstrap.servers=b:1", "--set", REGISTRY,
                "--set", "vigil.detect.velocity_spike.ratio=lots");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("vigil.detect.velocity_spike.ratio");
        assertThat(launched).isEmpty();
    }

    @Test
    void theEnvironmentSitsBetweenTheFileAndTheCommandLine() throws IOException {
        Path file = Files.writeString(dir.resolve("topology.properties"),
                "bootstrap.servers=from-file:1\nschema.registry.url=mem://from-file\nvigil.detect.velocity_spike.ratio=5\n");
        environment = Map.of("BOOTSTRAP_SERVERS", "from-env:1", "SCHEMA_REGISTRY_URL", "mem://from-env",
                "VIGIL_KAFKA_SECURITY_PROTOCOL", "SSL");

        Cli.Result result = run("run", "topology", "--config", file.toString(), "--set", "bootstrap.servers=from-command-line:1");

        assertThat(result.exitCode()).as("the test launcher fails on purpose").isEqualTo(1);
        assertThat(result.err()).contains("vigil run: not started by this test");
        assertThat(launched).singleElement().satisfies(config -> {
            assertThat(config.getList(CommonConfig.BOOTSTRAP_SERVERS)).containsExactly("from-command-line:1");
            assertThat(config.getString(CommonConfig.SCHEMA_REGISTRY_URL)).isEqualTo("mem://from-env");
            assertThat(config.getDouble("vigil.detect.velocity_spike.ratio")).isEqualTo(5.0);
            assertThat(config.originalsWithPrefix(CommonConfig.KAFKA_PREFIX)).containsEntry("security.protocol", "SSL");
        });
    }

    @Test
    void aMissingConfigFileIsAConfigurationErrorNamingIt() {
        Cli.Result result = run("run", "lifecycle", "--config", dir.resolve("nowhere.properties").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("nowhere.properties");
        assertThat(launched).isEmpty();
    }

    @Test
    void anUnknownAppIsAUsageError() {
        Cli.Result result = run("run", "dashboard");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("dashboard").contains("topology, notifier, lifecycle");
    }

    /** Runs {@code vigil} with the run command's environment and launcher replaced. */
    private Cli.Result run(String... args) {
        CommandLine cli = VigilCommand.commandLine();
        RunCommand command = cli.getSubcommands().get("run").getCommand();
        command.environment = environment;
        command.launcher = (app, config) -> {
            launched.add(config);
            throw new IllegalStateException("not started by this test");
        };
        return Cli.run(cli, args);
    }
}
