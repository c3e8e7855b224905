package dev.vigil.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.cli.Cli;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code vigil demo} in this JVM, on the real broker it starts itself: every injected attack is alerted and detected,
 * and when it ends nothing it started is left running.
 */
class DemoCommandTest {

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void detectsEveryInjectedAttackAndLeavesNoThreadBehind() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        Cli.Result result = Cli.run("demo", "--duration", "45s", "--agents", "12", "--seed", "11");

        assertThat(result.exitCode()).as(result.err()).isZero();
        String out = result.out();
        assertThat(out).containsPattern("(?m)^vigil demo: alerts API  http://127\\.0\\.0\\.1:\\d+/v1/alerts\\?status=open$");
        assertThat(out).containsPattern("(?m)^vigil demo: rules API   http://127\\.0\\.0\\.1:\\d+/v1/rules$");
        assertThat(out).containsPattern("(?m)^vigil demo: agents API  http://127\\.0\\.0\\.1:\\d+/v1/agents$");
        assertThat(out).containsPattern("(?m)^vigil demo: incidents   http://127\\.0\\.0\\.1:\\d+/v1/incidents$");
        assertThat(out).containsPattern("(?m)^vigil demo: live stream curl -N .*/v1/events/stream\\?types=");
        assertThat(out).containsPattern("(?m)^vigil demo: API key     vk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}  \\(operator admin");
        for (String rule : List.of("unknown_agent", "scope_escalation")) {
            assertThat(out).as("an alert line for " + rule)
                    .containsPattern(Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z CRITICAL " + rule + " agent=\\S+ "));
        }
        assertThat(out).as("velocity_spike is a behaviour rule: the demo's agents are new, so it is calibrating")
                .containsPattern(Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z HIGH     velocity_spike \\[calibrating\\] agent=\\S+ "));
        assertThat(out).contains("vigil demo: 3 of 3 injected attacks detected");
        assertThat(out).doesNotContain("MISSED").doesNotContain("the traffic feeder stopped").doesNotContain("while stopping");
        assertThat(out.strip()).endsWith("vigil demo: stopped");

        await("threads the demo started to end").atMost(Duration.ofSeconds(30)).pollInSameThread()
                .untilAsserted(() -> {
                    assertThat(startedSince(before)).isEmpty();
                    assertThat(daemonsStartedSince(before)).as("the feeder and its producers")
                            .noneMatch(name -> name.contains("vigil") || name.startsWith("kafka-producer"));
                });
    }

    @Test
    void aDurationTooShortForTheAttacksIsRefusedBeforeAnythingStarts() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        Cli.Result result = Cli.run("demo", "--duration", "30s");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--duration must be at least 45s");
        assertThat(result.out()).doesNotContain("starting a Kafka broker");
        assertThat(startedSince(before)).isEmpty();
    }

    @Test
    void tooFewAgentsForTheAttacksAreRefusedBeforeAnythingStarts() {
        Cli.Result result = Cli.run("demo", "--agents", "2");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--agents must be at least 3");
        assertThat(result.out()).doesNotContain("starting a Kafka broker");
    }

    /** Live daemon threads that were not there before: JDK and library pools may stay, the demo's own must not. */
    private static List<String> daemonsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.isDaemon() && !before.contains(t))
                .map(Thread::getName).sorted().toList();
    }

    /** Live non-daemon threads that were not there before, by name (a daemon cannot keep the JVM alive). */
    private static List<String> startedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t))
                .map(Thread::getName).sorted().toList();
    }
}
