package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VigilCommandTest {

    @Test
    void withoutASubcommandPrintsTheUsageListingEveryCommand() {
        Cli.Result result = Cli.run();

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: vigil").contains("demo").contains("replay").contains("produce")
                .contains("simulate").contains("evaluate").contains("run");
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        Cli.Result result = Cli.run("replya", "events.jsonl");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("replya");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"demo", "replay", "produce", "simulate", "evaluate", "run"}) {
            Cli.Result result = Cli.run(command, "--help");

            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out()).as(command).contains("Usage: vigil " + command);
        }
    }
}
