package dev.vigil.cli.notifier;

import dev.vigil.cli.DurationConverter;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.notifier.NotifierConfig;
import dev.vigil.notifier.redrive.Redrive;
import dev.vigil.notifier.redrive.RedriveRequest;
import dev.vigil.notifier.redrive.RedriveSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil notifier redrive}: re-sends the deliveries the ledger records as finally failed ({@link Redrive}). */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {"Re-send the alerts whose delivery to a channel finally failed, as recorded on the delivery ledger.",
                "Reads the ledger and the alerts topic, builds the channels as the notifier does (its configuration and "
                        + "vigil.channels.v1), sends each alert again with the same idempotency key, and records every "
                        + "attempt on the ledger. One line per delivery, then a summary.",
                "Settings as for 'vigil run notifier': defaults < --config file < environment < --set key=value.",
                "Exit status: 0 every delivery found was delivered (or none was found, or --dry-run), 1 some failed again "
                        + "or were skipped, 2 bad options or configuration."})
public final class RedriveCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The notifier's .properties file.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
            description = "How far back to look on the ledger, such as 90m or 3d (default: ${DEFAULT-VALUE}).")
    Duration since;

    @Option(names = "--channel", paramLabel = "NAME", description = "Only the deliveries to this channel.")
    String channel;

    @Option(names = "--alert", paramLabel = "ID", description = "Only the deliveries of this alert.")
    String alertId;

    @Option(names = "--dry-run", description = "List what would be re-sent or skipped; send and write nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    /** Where settings come from after the file; the process environment, replaced in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws InterruptedException {
        RedriveRequest request = new RedriveRequest(since, channel, alertId, dryRun);
        NotifierConfig settings = new NotifierConfig(ConfigLoader.load(NotifierConfig.definition(), config, environment, overrides));
        RedriveSummary summary = new Redrive(settings, System.out, spec.commandLine().getOut()).run(request);
        return summary.dryRun() || summary.allDelivered() ? 0 : 1;
    }
}
