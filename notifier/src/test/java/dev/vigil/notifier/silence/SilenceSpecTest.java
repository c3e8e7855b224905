package dev.vigil.notifier.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Alert;
import dev.vigil.avro.Severity;
import dev.vigil.avro.Silence;
import dev.vigil.ingest.IngestException;
import dev.vigil.notifier.testing.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SilenceSpecTest {

    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    static Silence.Builder silence(Map<String, String> matchers) {
        return Silence.newBuilder().setSilenceId("s-1").setMatchers(matchers)
                .setStartsAt(NOW).setEndsAt(NOW.plus(Duration.ofHours(2)))
                .setCreatedBy("alice").setComment("maintenance window CHG-1234").setCreatedAt(NOW);
    }

    static Silence.Builder silence() {
        return silence(Map.of("agentId", "did:web:x"));
    }

    @Test
    void aValidRecordRoundTrips() {
        Silence record = silence(Map.of("tenantId", "t1", "ruleId", "scope_escalation")).build();

        SilenceSpec spec = SilenceSpec.fromRecord(record);

        assertThat(spec.silenceId()).isEqualTo("s-1");
        assertThat(spec.matchers()).containsOnly(Map.entry("tenantId", "t1"), Map.entry("ruleId", "scope_escalation"));
        assertThat(spec.toRecord()).isEqualTo(record);
        assertThat(SilenceSpec.fromRecord(spec.toRecord())).isEqualTo(spec);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "priority | high      | matchers.priority | allowed: tenantId, agentId, ruleId, severity, category, alertId",
            "severity | urgent    | matchers.severity | must be one of low, medium, high, critical",
            "agentId  | ' '       | matchers.agentId  | must not be blank",
    })
    void matchersAreTheSixAlertFieldsWithValidValues(String key, String value, String field, String reason) {
        assertField(() -> SilenceSpec.fromRecord(silence(Map.of(key, value)).build()), field, reason);
    }

    @Test
    void aSilenceOfEverythingIsRefused() {
        assertField(() -> SilenceSpec.fromRecord(silence(Map.of()).build()), "matchers", "needs at least one of");
    }

    @Test
    void theRecordNeedsAnIdAnAuthorAndAComment() {
        assertField(() -> SilenceSpec.fromRecord(silence().setSilenceId("a b").build()), "silenceId", "1 to 64");
        assertField(() -> SilenceSpec.fromRecord(silence().setCreatedBy(" ").build()), "createdBy", "must not be blank");
        assertField(() -> SilenceSpec.fromRecord(silence().setComment("").build()), "comment", "is required");
    }

    @Test
    void aRecordMayEndWhenItStartsButNotBefore() {
        assertThat(SilenceSpec.fromRecord(silence().setEndsAt(NOW).build()).activeAt(NOW)).isFalse();
        assertField(() -> SilenceSpec.fromRecord(silence().setEndsAt(NOW.minusMillis(1)).build()), "endsAt",
                "must not be before startsAt");
    }

    @Test
    void aSubmissionMustStartBeforeItEndsAndNotBeOverYet() {
        assertField(() -> SilenceSpec.submitted(silence().setEndsAt(NOW).build(), NOW, WEEK), "endsAt",
                "must be after startsAt");
        assertField(() -> SilenceSpec.submitted(silence().setStartsAt(NOW.minus(Duration.ofHours(3)))
                .setEndsAt(NOW.minus(Duration.ofHours(1))).build(), NOW, WEEK), "endsAt", "must be in the future");
    }

    @Test
    void aSubmissionLastsAtMostTheMaximum() {
        assertThat(SilenceSpec.submitted(silence().setEndsAt(NOW.plus(WEEK)).build(), NOW, WEEK).endsAt())
                .isEqualTo(NOW.plus(WEEK));
        assertField(() -> SilenceSpec.submitted(silence().setEndsAt(NOW.plus(WEEK).plusMillis(1)).build(), NOW, WEEK),
                "endsAt", "a silence lasts at most 7d from startsAt; this one would last");
        assertField(() -> SilenceSpec.submitted(silence().setEndsAt(NOW.plus(Duration.ofHours(5))).build(), NOW,
                Duration.ofHours(4)), "endsAt", "at most 4h from startsAt; this one would last 5h");
    }

    @Test
    void aSubmissionMayHaveBegunInThePast() {
        SilenceSpec spec = SilenceSpec.submitted(silence().setStartsAt(NOW.minus(Duration.ofHours(1))).build(), NOW, WEEK);

        assertThat(spec.activeAt(NOW)).isTrue();
    }

    @Test
    void aSubmissionHasAShortCommentAndAPrintableAuthor() {
        assertField(() -> SilenceSpec.submitted(silence().setComment("x".repeat(1001)).build(), NOW, WEEK), "comment",
                "at most 1000 characters");
        assertField(() -> SilenceSpec.submitted(silence().setCreatedBy("al\nice").build(), NOW, WEEK), "createdBy",
                "printable");
    }

    @Test
    void activeFromStartInclusiveToEndExclusive() {
        SilenceSpec spec = SilenceSpec.fromRecord(silence().build());

        assertThat(spec.activeAt(NOW.minusMillis(1))).isFalse();
        assertThat(spec.activeAt(NOW)).isTrue();
        assertThat(spec.activeAt(spec.endsAt().minusMillis(1))).isTrue();
        assertThat(spec.activeAt(spec.endsAt())).isFalse();
        assertThat(spec.endedBy(spec.endsAt().minusMillis(1))).isFalse();
        assertThat(spec.endedBy(spec.endsAt())).isTrue();
    }

    @Test
    void matchesWhenEveryMatcherEqualsTheAlertsField() {
        Alert alert = TestAlerts.scopeEscalation().build();
        SilenceSpec all = SilenceSpec.fromRecord(silence(Map.of("tenantId", "t1", "agentId", "did:web:x",
                "ruleId", "scope_escalation", "severity", "critical", "category", "access",
                "alertId", alert.getAlertId())).build());

        assertThat(all.matches(alert)).isTrue();
        assertThat(all.matches(TestAlerts.withSeverity(Severity.high))).isFalse();
        assertThat(all.matches(TestAlerts.scopeEscalation().setTenantId("t2").build())).isFalse();
        assertThat(all.matches(TestAlerts.scopeEscalation().setAgentId("did:web:y").build())).isFalse();
        assertThat(all.matches(TestAlerts.scopeEscalation().setRuleId("velocity_spike").build())).isFalse();
        assertThat(all.matches(TestAlerts.scopeEscalation().setCategory("spend").build())).isFalse();
        assertThat(all.matches(TestAlerts.scopeEscalation().setAlertId("other").build())).isFalse();
        assertThat(all.alertId()).isEqualTo(alert.getAlertId());
        assertThat(SilenceSpec.fromRecord(silence().build()).alertId()).isNull();
    }

    @Test
    void endingEarlyMovesTheEndAndSaysWhyInTheComment() {
        SilenceSpec spec = SilenceSpec.fromRecord(silence().build());

        SilenceSpec ended = spec.endedAt(NOW.plus(Duration.ofMinutes(10)), "ended early by bob");

        assertThat(ended.endsAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(ended.comment()).isEqualTo("maintenance window CHG-1234 [ended early by bob]");
        assertThat(ended.startsAt()).isEqualTo(spec.startsAt());
        assertThat(ended.createdBy()).isEqualTo("alice");
        assertThat(SilenceSpec.fromRecord(ended.toRecord())).isEqualTo(ended);
    }

    @Test
    void aSilenceEndedBeforeItBeganNeverBegins() {
        SilenceSpec future = SilenceSpec.fromRecord(silence().setStartsAt(NOW.plus(Duration.ofHours(1)))
                .setEndsAt(NOW.plus(Duration.ofHours(2))).build());

        SilenceSpec ended = future.endedAt(NOW, "ended early by bob");

        assertThat(ended.endsAt()).isEqualTo(ended.startsAt());
        assertThat(ended.activeAt(ended.startsAt())).isFalse();
        assertThat(SilenceSpec.fromRecord(ended.toRecord())).isEqualTo(ended);
    }

    @Test
    void aSilenceThatIsOverCannotBeEndedAgain() {
        SilenceSpec spec = SilenceSpec.fromRecord(silence().build());

        assertThatThrownBy(() -> spec.endedAt(spec.endsAt(), "late")).isInstanceOf(IllegalStateException.class);
    }

    static void assertField(ThrowingCallable call, String field, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(IngestException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
        });
    }
}
