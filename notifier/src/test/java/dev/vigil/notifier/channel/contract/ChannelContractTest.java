package dev.vigil.notifier.channel.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.avro.DeliveryOutcome;
import dev.vigil.avro.NotificationRecord;
import dev.vigil.notifier.delivery.ChannelDelivery;
import dev.vigil.notifier.delivery.DeliveryReport;
import dev.vigil.notifier.delivery.DeliveryRuntime;
import dev.vigil.notifier.delivery.RetryPolicy;
import dev.vigil.notifier.delivery.Sleeper;
import dev.vigil.notifier.testing.LogCapture;
import dev.vigil.notifier.testing.TestAlerts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every channel passes, each against its real endpoint (WireMock, GreenMail): delivered once when the
 * endpoint is healthy; temporary failures retried until the endpoint recovers; permanent failures not retried; a hang
 * ends in a timeout that is retried; and no secret in any log line, error or ledger record along the way.
 */
class ChannelContractTest {

    private static final Duration TIMEOUT = Duration.ofMillis(700);

    static Stream<Arguments> channels() {
        List<Supplier<ChannelFixture>> fixtures = List.of(SlackFixture::new, PagerDutyFixture::new, DatadogFixture::new,
                EmailFixture::new, WebhookFixture::new);
        return fixtures.stream().map(f -> Arguments.of(new Named(f)));
    }

    /** A fixture made lazily, named by its type for the test report. */
    static final class Named {
        private final Supplier<ChannelFixture> make;
        private ChannelFixture made;

        Named(Supplier<ChannelFixture> make) {
            this.make = make;
        }

        ChannelFixture get() {
            if (made == null) {
                made = make.get();
            }
            return made;
        }

        @Override
        public String toString() {
            return get().type();
        }
    }

    private final List<ChannelFixture> open = new ArrayList<>();
    private final LogCapture logs = new LogCapture();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Alert alert = TestAlerts.scopeEscalation().build();

    @AfterEach
    void close() {
        logs.close();
        open.forEach(ChannelFixture::close);
    }

    private ChannelFixture fixture(Named named) {
        ChannelFixture f = named.get();
        open.add(f);
        return f;
    }

    private ChannelDelivery delivery(ChannelFixture fixture, Sleeper sleeper) {
        return new ChannelDelivery(fixture.type(), fixture.channel(TIMEOUT), java.util.Set.of(),
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)),
                new DeliveryRuntime(sleeper, registry, Clock.systemUTC(), () -> 0.5));
    }

    private static List<DeliveryOutcome> outcomes(DeliveryReport report) {
        return report.ledger().stream().map(NotificationRecord::getOutcome).toList();
    }

    private void assertNoSecretLeaked(ChannelFixture fixture, DeliveryReport... reports) {
        List<String> texts = new ArrayList<>(logs.lines());
        for (DeliveryReport report : reports) {
            report.ledger().forEach(r -> texts.add(r.toString()));
        }
        for (String secret : fixture.secrets()) {
            assertThat(texts).as("no line holds the secret of " + fixture.type()).noneMatch(t -> t.contains(secret));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channels")
    void aHealthyEndpointGetsTheAlertOnce(Named named) {
        ChannelFixture fixture = fixture(named);
        fixture.healthy();
        DeliveryReport report = delivery(fixture, pause -> true).deliver(alert);
        assertThat(outcomes(report)).containsExactly(DeliveryOutcome.delivered);
        assertThat(fixture.received()).isEqualTo(1);
        assertNoSecretLeaked(fixture, report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channels")
    void temporaryFailuresAreRetriedUntilTheEndpointRecovers(Named named) {
        ChannelFixture fixture = fixture(named);
        for (int status : new int[] {429, 500, 502, 503, 504}) {
            fixture.failTemporarily(status, status == 429 ? "1" : null);
            int before = fixture.received();
            List<Duration> pauses = new ArrayList<>();
            DeliveryReport report = delivery(fixture, pause -> {
                pauses.add(pause);
                fixture.healthy();
                return true;
            }).deliver(alert);
            assertThat(outcomes(report)).as("status " + status).containsExactly(DeliveryOutcome.retrying, DeliveryOutcome.delivered);
            assertThat(fixture.received() - before).as("status " + status).isEqualTo(1);
            assertNoSecretLeaked(fixture, report);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channels")
    void temporaryFailuresThatLastAreRetriedThenRecordedAsFailed(Named named) {
        ChannelFixture fixture = fixture(named);
        fixture.failTemporarily(503, null);
        DeliveryReport report = delivery(fixture, pause -> true).deliver(alert);
        assertThat(outcomes(report)).containsExactly(DeliveryOutcome.retrying, DeliveryOutcome.retrying, DeliveryOutcome.failed);
        assertThat(report.ledger().get(2).getReason()).startsWith("gave up after 3 attempts");
        assertThat(fixture.received()).isZero();
        assertNoSecretLeaked(fixture, report);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channels")
    void permanentFailuresAreNotRetried(Named named) {
        ChannelFixture fixture = fixture(named);
        for (int status : new int[] {400, 401, 403, 404, 410, 422}) {
            fixture.failPermanently(status);
            DeliveryReport report = delivery(fixture, pause -> {
                throw new AssertionError("a permanent failure must not be retried (status " + status + ")");
            }).deliver(alert);
            assertThat(outcomes(report)).as("status " + status).containsExactly(DeliveryOutcome.failed);
            assertThat(report.ledger().get(0).getReason()).isNotBlank();
            assertNoSecretLeaked(fixture, report);
        }
        assertThat(fixture.received()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("channels")
    void aHangEndsInATimeoutThatIsRetried(Named named) {
        ChannelFixture fixture = fixture(named);
        fixture.hang(TIMEOUT.multipliedBy(4));
        DeliveryReport report = delivery(fixture, pause -> {
            fixture.healthy();
            return true;
        }).deliver(alert);
        assertThat(outcomes(report)).containsExactly(DeliveryOutcome.retrying, DeliveryOutcome.delivered);
        assertThat(report.ledger().get(0).getLatencyMs()).isLessThan(TIMEOUT.multipliedBy(3).toMillis());
        assertNoSecretLeaked(fixture, report);
    }
}
