package dev.vigil.cli.demo;

import dev.vigil.cli.DurationConverter;
import dev.vigil.simulator.FleetSimulator;
import dev.vigil.simulator.Simulation;
import dev.vigil.simulator.SimulationSpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil demo}: the whole system on this machine — a real Kafka broker, the schema registry, the topology, the
 * notifier (console and a local webhook), the lifecycle API — fed by the simulator with injected attacks.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a real Kafka broker, the registry, the topology, the notifier and the lifecycle API in this process,",
                "feed them simulated fleet traffic with injected attacks, and print each alert as it happens.",
                "Stops on Ctrl-C or after --duration, leaving nothing running."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--duration", converter = DurationConverter.class, description = "How long to run (default ${DEFAULT-VALUE}), e.g. 2m, 90s, 1h.")
    Duration duration = Duration.ofMinutes(2);

    @Option(names = "--agents", description = "Simulated agents (default ${DEFAULT-VALUE}).")
    int agents = 20;

    @Option(names = "--seed", description = "Simulation seed (default: from the clock).")
    Long seed;

    @Option(names = "--history", converter = DurationConverter.class,
            description = "Simulated history loaded at start, so baselines exist (default ${DEFAULT-VALUE}).")
    Duration history = Duration.ofHours(2);

    @Override
    public Integer call() throws Exception {
        if (agents < FleetSimulator.demoAttackKinds().size()) {
            throw new IllegalArgumentException("--agents must be at least " + FleetSimulator.demoAttackKinds().size()
                    + ": each injected attack needs an agent of its own");
        }
        if (duration.toSeconds() < 45) {
            throw new IllegalArgumentException("--duration must be at least 45s: attacks are injected over the run");
        }
        quietAppLogs();
        PrintStream out = new PrintStream(new WriterOutputStream(commandSpec.commandLine().getOut()), true, StandardCharsets.UTF_8);
        Instant now = Instant.now();
        // One always-on agent per attack kind, so that every attack finds an agent at work whatever the hour and day.
        int kinds = FleetSimulator.demoAttackKinds().size();
        SimulationSpec spec = new SimulationSpec(agents, now.minus(history), now.plus(duration), seed == null ? now.toEpochMilli() : seed,
                now.plusSeconds(10), now.plus(duration).minusSeconds(20), 1, FleetSimulator.demoAttackKinds(), kinds);
        Simulation simulation = FleetSimulator.generate(spec);
        CountDownLatch done = new CountDownLatch(1);
        DemoStack stack = new DemoStack(out);
        Thread hook = new Thread(() -> {
            stack.close();
            done.countDown();
        }, "vigil-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stack.start(simulation);
            boolean timedOut = !done.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            if (timedOut) {
                stack.printSummary(simulation);
            }
        } finally {
            stack.close();
            removeUnlessShuttingDown(hook);
        }
        return 0;
    }

    /** The hook is only for Ctrl-C; when the JVM is already shutting down it has run (or is running) and stays. */
    private static void removeUnlessShuttingDown(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Nothing to remove: the hook is closing the stack.
        }
    }

    /**
     * The demo shows its own lines and the alerts; the apps' start/stop logs would interleave with them on the
     * terminal, so they are shown only from WARN up unless {@code VIGIL_LOG_LEVEL} asks for more.
     */
    private static void quietAppLogs() {
        if (System.getenv("VIGIL_LOG_LEVEL") == null
                && org.slf4j.LoggerFactory.getLogger("dev.vigil") instanceof ch.qos.logback.classic.Logger vigil) {
            vigil.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
