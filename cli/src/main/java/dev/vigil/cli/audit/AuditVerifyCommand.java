package dev.vigil.cli.audit;

import dev.vigil.cli.Progress;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.lifecycle.LifecycleConfig;
import dev.vigil.lifecycle.audit.AuditReport;
import dev.vigil.lifecycle.audit.AuditVerify;
import dev.vigil.lifecycle.audit.ChainBreak;
import dev.vigil.lifecycle.audit.LifecycleTopicReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil audit verify}: checks every tenant's hash chain on the lifecycle topic ({@link AuditVerify}). */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the audit hash chain of every tenant on the lifecycle topic (docs/audit.md).",
                "Reads the whole topic (no consumer group, up to where it ended when the read began), recomputes every "
                        + "event's hash and follows each tenant's previousHash links from its first event. Prints "
                        + "'chain intact, N events (M tenants, K unchained)', or the first broken link of each broken "
                        + "tenant: the event, its topic/partition@offset and why (tampered, missing predecessor, fork).",
                "Settings as for 'vigil run lifecycle': defaults < --config file < environment < --set key=value.",
                "Exit status: 0 every chain intact, 1 a chain is broken or the topic could not be read, 2 bad options "
                        + "or configuration."})
public final class AuditVerifyCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The lifecycle service's .properties file.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--tenant", paramLabel = "ID", description = "Only this tenant's chain.")
    String tenant;

    @Spec
    CommandSpec spec;

    /** Where settings come from after the file; the process environment, replaced in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        LifecycleConfig settings = new LifecycleConfig(
                ConfigLoader.load(LifecycleConfig.definition(), config, environment, overrides));
        AuditVerify verify = AuditVerify.of(settings);
        ProgressListener progress = new ProgressListener(spec.commandLine().getErr(), "read from " + verify.topic());
        AuditReport report = verify.run(tenant, progress);
        progress.finish();
        PrintWriter out = spec.commandLine().getOut();
        for (ChainBreak broken : report.breaks()) {
            out.println("broken link: " + broken.describe());
        }
        if (report.unreadable() > 0) {
            out.println(report.unreadable() + (report.unreadable() == 1 ? " record is" : " records are")
                    + " not a lifecycle event and on no chain (first at " + report.firstUnreadable() + ")");
        }
        out.println(report.summary());
        out.flush();
        return report.intact() ? 0 : 1;
    }

    /** The read's progress on the error stream, once the number of records to read is known. */
    private static final class ProgressListener implements LifecycleTopicReader.Listener {

        private final PrintWriter err;
        private final String what;
        private Progress progress;
        private long read;

        ProgressListener(PrintWriter err, String what) {
            this.err = err;
            this.what = what;
        }

        @Override
        public void started(long records) {
            progress = new Progress(err, what, records);
        }

        @Override
        public void read(long records) {
            read = records;
            progress.update(records);
        }

        void finish() {
            if (progress != null) {
                progress.finish(read);
            }
        }
    }
}
