package dev.vigil.cli.run;

import dev.vigil.core.config.ConfigDocs;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.config.EffectiveConfig;
import dev.vigil.lifecycle.LifecycleApp;
import dev.vigil.lifecycle.LifecycleConfig;
import dev.vigil.notifier.NotifierApp;
import dev.vigil.notifier.NotifierConfig;
import dev.vigil.topology.TopologyApp;
import dev.vigil.topology.TopologyConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil run topology|notifier|lifecycle --config FILE}: one app against a real cluster and registry. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one Vigil app against a real Kafka cluster and schema registry until stopped (Ctrl-C / SIGTERM).",
                "Settings: defaults < --config file < environment (KEY.NAME -> KEY_NAME) < --set key=value.",
                "--describe-config lists every key with its type, default and meaning."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    /** The apps that can be run. */
    public enum App { topology, notifier, lifecycle }

    @Parameters(index = "0", paramLabel = "APP", description = "topology, notifier or lifecycle")
    App app;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "A .properties file.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--describe-config", description = "Print the app's configuration keys as a Markdown table and exit.")
    boolean describeConfig;

    @Spec
    CommandSpec commandSpec;

    /** Where settings come from after the file; the process environment, replaced in tests. */
    Map<String, String> environment = System.getenv();

    /** Starts a validated app; replaced in tests, which must never start a real one. */
    Launcher launcher = RunCommand::launch;

    /** Starts one app from its validated configuration. */
    @FunctionalInterface
    interface Launcher {
        AutoCloseable launch(App app, AbstractConfig config);
    }

    @Override
    public Integer call() throws Exception {
        ConfigDef definition = definition(app);
        if (describeConfig) {
            commandSpec.commandLine().getOut().print(ConfigDocs.markdown(definition));
            commandSpec.commandLine().getOut().flush();
            return 0;
        }
        AbstractConfig validated = configure(app, ConfigLoader.load(definition, config, environment, overrides));
        LOG.info("vigil {} configuration:{}", app, EffectiveConfig.describe(validated));
        AutoCloseable running = launcher.launch(app, validated);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                LOG.error("{} did not stop cleanly: {}", app, e.toString());
            }
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
        return 0;
    }

    static ConfigDef definition(App app) {
        return switch (app) {
            case topology -> TopologyConfig.definition();
            case notifier -> NotifierConfig.definition();
            case lifecycle -> LifecycleConfig.definition();
        };
    }

    /** The app's typed configuration; a {@link org.apache.kafka.common.config.ConfigException} naming the key if invalid. */
    static AbstractConfig configure(App app, Map<String, String> values) {
        return switch (app) {
            case topology -> new TopologyConfig(values);
            case notifier -> new NotifierConfig(values);
            case lifecycle -> new LifecycleConfig(values);
        };
    }

    private static AutoCloseable launch(App app, AbstractConfig config) {
        return switch (app) {
            case topology -> {
                TopologyApp topology = new TopologyApp((TopologyConfig) config);
                topology.start();
                yield topology;
            }
            case notifier -> {
                NotifierApp notifier = new NotifierApp((NotifierConfig) config);
                notifier.start();
                yield notifier;
            }
            case lifecycle -> {
                LifecycleApp lifecycle = new LifecycleApp((LifecycleConfig) config);
                lifecycle.start();
                yield lifecycle;
            }
        };
    }
}
