package dev.vigil.notifier.silence;

import static dev.vigil.notifier.silence.SilenceSpecTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Alert;
import dev.vigil.notifier.testing.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilenceBookTest {

    private final Alert alert = TestAlerts.scopeEscalation().build();

    private static SilenceSpec spec(String id, Map<String, String> matchers, Instant startsAt, Duration length) {
        return SilenceSpec.fromRecord(SilenceSpecTest.silence(matchers).setSilenceId(id).setStartsAt(startsAt)
                .setEndsAt(startsAt.plus(length)).build());
    }

    private static SilenceSpec spec(String id, Map<String, String> matchers) {
        return spec(id, matchers, NOW, Duration.ofHours(2));
    }

    @Test
    void anEmptyBookSilencesNothing() {
        assertThat(SilenceBook.EMPTY.silencing(alert, NOW)).isEmpty();
        assertThat(SilenceBook.EMPTY.size()).isZero();
    }

    @Test
    void anActiveMatchingSilenceSilences() {
        SilenceBook book = SilenceBook.EMPTY.with(spec("s", Map.of("agentId", "did:web:x")));

        assertThat(book.silencing(alert, NOW.plusSeconds(1))).map(SilenceSpec::silenceId).contains("s");
        assertThat(book.silencing(TestAlerts.scopeEscalation().setAgentId("did:web:y").build(), NOW)).isEmpty();
    }

    @Test
    void aSilenceThatHasNotBegunOrIsOverSilencesNothing() {
        SilenceBook book = SilenceBook.EMPTY
                .with(spec("future", Map.of("agentId", "did:web:x"), NOW.plus(Duration.ofHours(1)), Duration.ofHours(1)))
                .with(spec("past", Map.of("agentId", "did:web:x"), NOW.minus(Duration.ofHours(2)), Duration.ofHours(1)));

        assertThat(book.silencing(alert, NOW)).isEmpty();
        assertThat(book.silencing(alert, NOW.plus(Duration.ofHours(1)))).map(SilenceSpec::silenceId).contains("future");
    }

    @Test
    void theFirstByStartThenIdIsTheOneNamed() {
        SilenceBook book = SilenceBook.EMPTY
                .with(spec("b", Map.of("ruleId", "scope_escalation"), NOW, Duration.ofHours(2)))
                .with(spec("c", Map.of("tenantId", "t1"), NOW.minusSeconds(60), Duration.ofHours(2)))
                .with(spec("a", Map.of("severity", "critical"), NOW, Duration.ofHours(2)));

        assertThat(book.silencing(alert, NOW)).map(SilenceSpec::silenceId).contains("c");
        assertThat(book.without("c").silencing(alert, NOW)).map(SilenceSpec::silenceId).contains("a");
        assertThat(book.all()).extracting(SilenceSpec::silenceId).containsExactly("c", "a", "b");
    }

    @Test
    void aChangeBuildsANewBookAndLeavesTheOldOneAsItWas() {
        SilenceBook before = SilenceBook.EMPTY.with(spec("s", Map.of("agentId", "did:web:x")));
        SilenceSpec replaced = spec("s", Map.of("agentId", "did:web:other"));

        SilenceBook after = before.with(replaced);

        assertThat(after.get("s")).contains(replaced);
        assertThat(after.size()).isEqualTo(1);
        assertThat(before.silencing(alert, NOW)).isPresent();
        assertThat(after.silencing(alert, NOW)).isEmpty();
        assertThat(after.without("s").size()).isZero();
        assertThat(after.without("nothing")).isSameAs(after);
    }

    @Test
    void aResolutionEndsTheSilencesThatNameTheAlertAndOnlyThose() {
        SilenceBook book = SilenceBook.EMPTY
                .with(spec("of-alert", Map.of("alertId", alert.getAlertId())))
                .with(spec("of-agent", Map.of("agentId", "did:web:x")))
                .with(spec("of-other-alert", Map.of("alertId", "other")));
        Instant resolvedAt = NOW.plus(Duration.ofMinutes(30));

        SilenceBook after = book.endedByResolution(alert.getAlertId(), resolvedAt);

        SilenceSpec ended = after.get("of-alert").orElseThrow();
        assertThat(ended.endsAt()).isEqualTo(resolvedAt);
        assertThat(ended.comment()).endsWith("[ended by the resolution of alert " + alert.getAlertId()
                + " at 2026-11-20T10:30:00.000Z]");
        assertThat(after.get("of-agent")).isEqualTo(book.get("of-agent"));
        assertThat(after.get("of-other-alert")).isEqualTo(book.get("of-other-alert"));
        assertThat(after.silencing(alert, resolvedAt)).map(SilenceSpec::silenceId).contains("of-agent");
        assertThat(book.get("of-alert").orElseThrow().activeAt(resolvedAt)).as("the old book is unchanged").isTrue();
    }

    @Test
    void aResolutionLeavesSilencesThatAreOverAsTheyWere() {
        SilenceBook book = SilenceBook.EMPTY.with(spec("over", Map.of("alertId", alert.getAlertId()),
                NOW.minus(Duration.ofHours(3)), Duration.ofHours(1)));

        assertThat(book.endedByResolution(alert.getAlertId(), NOW)).isSameAs(book);
        assertThat(book.endedByResolution("nobody", NOW)).isSameAs(book);
    }
}
