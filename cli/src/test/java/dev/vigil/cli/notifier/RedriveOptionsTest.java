package dev.vigil.cli.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.Cli;
import dev.vigil.cli.VigilCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil notifier redrive}: bad options and configuration exit 2, naming what is wrong, before Kafka is reached. */
class RedriveOptionsTest {

    @TempDir
    Path dir;

    @Test
    void helpListsTheOptionsAndTheExitStatus() {
        Cli.Result result = run("notifier", "redrive", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: vigil notifier redrive").contains("--config").contains("--set")
                .contains("--since").contains("default: 24h").contains("--channel").contains("--alert").contains("--dry-run")
                .contains("Exit status");
    }

    @Test
    void theNotifierCommandAloneIsAUsageError() {
        Cli.Result result = run("notifier");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: vigil notifier").contains("redrive");
    }

    @Test
    void anUnreadableDurationIsBadInput() {
        Cli.Result result = run("notifier", "redrive", "--since", "yesterday");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--since");
    }

    @Test
    void aWindowOfNothingIsBadInput() {
        Cli.Result result = run("notifier", "redrive", "--since", "0s", "--set", "bootstrap.servers=b:1",
                "--set", "schema.registry.url=mem://redrive-options");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("longer than zero");
    }

    @Test
    void aMissingConfigFileIsBadInput() {
        Cli.Result result = run("notifier", "redrive", "--config", dir.resolve("absent.properties").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("absent.properties");
    }

    @Test
    void aMissingRequiredKeyIsNamed() throws IOException {
        Path config = Files.writeString(dir.resolve("notifier.properties"), "vigil.notifier.channels=console\n");

        Cli.Result result = run("notifier", "redrive", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("configuration error").contains("bootstrap.servers");
    }

    @Test
    void aMistypedNotifierKeyIsNamed() {
        Cli.Result result = run("notifier", "redrive", "--set", "bootstrap.servers=b:1", "--set",
                "schema.registry.url=mem://redrive-options", "--set", "vigil.notifier.chanels=webhook");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("vigil.notifier.chanels");
    }

    /** Runs with an empty environment, so the machine's variables cannot supply or spoil a setting. */
    private static Cli.Result run(String... args) {
        CommandLine cli = VigilCommand.commandLine();
        RedriveCommand redrive = cli.getSubcommands().get("notifier").getSubcommands().get("redrive").getCommand();
        redrive.environment = Map.of();
        return Cli.run(cli, args);
    }
}
