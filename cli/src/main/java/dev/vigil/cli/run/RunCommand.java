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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Override
    public Integer call() throws Exception {
        ConfigDef definition = definition(app);
        if (describeConfig) {
            System.out.print(ConfigDocs.markdown(definition));
            return 0;
        }
        Map<String, String> values = ConfigLoader.load(definition, config, System.getenv(), overrides);
        AutoCloseable running = start(app, values);
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

    private static AutoCloseable start(App app, Map<String, String> values) {
        return switch (app) {
            case topology -> {
                TopologyConfig cfg = new TopologyConfig(values);
                logEffective(app, cfg);
                TopologyApp topology = new TopologyApp(cfg);
                topology.start();
                yield topology;
            }
            case notifier -> {
                NotifierConfig cfg = new NotifierConfig(values);
                logEffective(app, cfg);
                NotifierApp notifier = new NotifierApp(cfg);
                notifier.start();
                yield notifier;
            }
            case lifecycle -> {
                LifecycleConfig cfg = new LifecycleConfig(values);
                logEffective(app, cfg);
                LifecycleApp lifecycle = new LifecycleApp(cfg);
                lifecycle.start();
                yield lifecycle;
            }
        };
    }

    private static void logEffective(App app, AbstractConfig config) {
        LOG.info("vigil {} configuration:{}", app, EffectiveConfig.describe(config));
    }
}
