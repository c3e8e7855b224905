package dev.vigil.topology.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Severity;
import dev.vigil.ingest.IngestException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RuleJsonTest {

    static final String FULL = """
            {"ruleId": "shell-big-writes", "version": 3, "name": "Big shell writes", "description": "over 1 MB",
             "severity": "high", "enabled": false, "channels": ["slack-sec", "pagerduty"],
             "condition": {"agentIds": ["a1", "a2"], "tenantIds": ["t1"], "scopes": ["repo:write"],
               "eventTypes": ["tool_call"], "timeWindow": "15m", "threshold": 5,
               "where": "event.tool == \\"shell\\" && event.bytesWritten > 1000000", "aggregate": "sum(bytesWritten)"}}
            """;

    @Test
    void readsEveryField() {
        CustomRule rule = RuleJson.parse(FULL);
        assertThat(rule.ruleId()).isEqualTo("shell-big-writes");
        assertThat(rule.version()).isEqualTo(3);
        assertThat(rule.name()).isEqualTo("Big shell writes");
        assertThat(rule.description()).isEqualTo("over 1 MB");
        assertThat(rule.severity()).isEqualTo(Severity.high);
        assertThat(rule.enabled()).isFalse();
        assertThat(rule.channels()).containsExactly("slack-sec", "pagerduty");
        RuleCondition c = rule.condition();
        assertThat(c.agentIds()).isEqualTo(Set.of("a1", "a2"));
        assertThat(c.tenantIds()).isEqualTo(Set.of("t1"));
        assertThat(c.scopes()).isEqualTo(Set.of("repo:write"));
        assertThat(c.eventTypes()).isEqualTo(Set.of("tool_call"));
        assertThat(c.timeWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.threshold()).isEqualTo(5);
        assertThat(c.where()).isEqualTo("event.tool == \"shell\" && event.bytesWritten > 1000000");
        assertThat(c.aggregate()).isEqualTo(new Aggregate(Aggregate.Kind.SUM, "bytesWritten"));
    }

    @Test
    void takesTheAvroDefaultsForAbsentFields() {
        CustomRule rule = RuleJson.parse("{\"ruleId\": \"r1\", \"name\": \"R\", \"condition\": {}}");
        assertThat(rule.version()).isEqualTo(1);
        assertThat(rule.severity()).isEqualTo(Severity.medium);
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.channels()).isEmpty();
        assertThat(rule.condition().timeWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rule.condition().threshold()).isEqualTo(1);
        assertThat(rule.condition().where()).isNull();
        assertThat(rule.condition().aggregate()).isEqualTo(Aggregate.COUNT);
    }

    @Test
    void roundTripsThroughAvro() {
        CustomRule rule = RuleJson.parse(FULL);
        assertThat(RuleJson.fromAvro(RuleJson.toAvro(rule))).isEqualTo(rule);
        assertThat(RuleJson.toAvro(rule).getCondition().getTimeWindow()).isEqualTo("15m");
    }

    @ParameterizedTest
    @CsvSource({"5m,PT5M", "15m,PT15M", "1h,PT1H", "6h,PT6H", "24h,PT24H", "7d,PT168H", "PT90M,PT1H30M", "1m,PT1M"})
    void acceptsWindowsFromOneMinuteToSevenDays(String text, String expected) {
        assertThat(rule("\"timeWindow\": \"" + text + "\"").condition().timeWindow()).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"R\", \"condition\": {}}|ruleId|is required",
            "{\"ruleId\": \"has space\", \"name\": \"R\", \"condition\": {}}|ruleId|must be",
            "{\"ruleId\": \"r\", \"condition\": {}}|name|is required",
            "{\"ruleId\": \"r\", \"name\": \" \", \"condition\": {}}|name|must not be blank",
            "{\"ruleId\": \"r\", \"name\": \"R\"}|condition|is required",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": []}|condition|must be an object",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"version\": 0, \"condition\": {}}|version|at least 1",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"version\": \"2\", \"condition\": {}}|version|must be an integer",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"severity\": \"urgent\", \"condition\": {}}|severity|low, medium",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"enabled\": \"no\", \"condition\": {}}|enabled|true or false",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"channels\": [\"a\", 3], \"condition\": {}}|channels[1]|must be a string",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"channels\": [\"a\", \"\"], \"condition\": {}}|channels[1]|not blank",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"agentIds\": \"a1\"}}|condition.agentIds|list of strings",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"tenantIds\": [1]}}|condition.tenantIds[0]|must be a string",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"scopes\": [null]}}|condition.scopes[0]|must be a string",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"eventTypes\": [\"login\"]}}|condition.eventTypes|unknown event type",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"timeWindow\": \"30s\"}}|condition.timeWindow|whole minutes from 1m to 7d",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"timeWindow\": \"90s\"}}|condition.timeWindow|whole minutes from 1m to 7d: 90s",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"timeWindow\": \"8d\"}}|condition.timeWindow|whole minutes from 1m to 7d",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"timeWindow\": \"soon\"}}|condition.timeWindow|not a duration",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"threshold\": 0}}|condition.threshold|at least 1",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"threshold\": 2.5}}|condition.threshold|must be an integer",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"where\": 1}}|condition.where|must be a string",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"where\": \"\"}}|condition.where|must not be blank",
            "{\"ruleId\": \"r\", \"name\": \"R\", \"condition\": {\"aggregate\": \"max(costUsd)\"}}|condition.aggregate|count, sum(field)",
    })
    void namesTheFieldAndTheReason(String json, String field, String reason) {
        assertThatThrownBy(() -> RuleJson.parse(json)).isInstanceOfSatisfying(IngestException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
        });
    }

    @Test
    void refusesADocumentThatIsNotAnObject() {
        assertThatThrownBy(() -> RuleJson.parse("[1]")).isInstanceOfSatisfying(IngestException.class,
                e -> assertThat(e.field()).isNull());
        assertThatThrownBy(() -> RuleJson.parse("{oops")).isInstanceOfSatisfying(IngestException.class,
                e -> assertThat(e.reason()).startsWith("not JSON"));
    }

    @Test
    void reportsCelTypeErrorsOnWhere() {
        assertThatThrownBy(() -> rule("\"where\": \"event.tool > 3\"")).isInstanceOfSatisfying(IngestException.class, e -> {
            assertThat(e.field()).isEqualTo("condition.where");
            assertThat(e.reason()).isEqualTo("CEL: found no matching overload for '_>_' applied to '(string, int)'");
        });
        assertThatThrownBy(() -> rule("\"where\": \"event.tol == 'shell'\"")).isInstanceOfSatisfying(IngestException.class, e -> {
            assertThat(e.field()).isEqualTo("condition.where");
            assertThat(e.reason()).contains("tol");
        });
        assertThatThrownBy(() -> rule("\"where\": \"event.tool ==\"")).isInstanceOfSatisfying(IngestException.class,
                e -> assertThat(e.field()).isEqualTo("condition.where"));
    }

    @Test
    void refusesANonBooleanWhere() {
        assertThatThrownBy(() -> rule("\"where\": \"event.bytesWritten + 1\"")).isInstanceOfSatisfying(IngestException.class, e -> {
            assertThat(e.field()).isEqualTo("condition.where");
            assertThat(e.reason()).contains("must be a boolean expression").contains("int");
        });
    }

    @Test
    void readsEachAggregate() {
        assertThat(Aggregate.parse("count")).isEqualTo(Aggregate.COUNT);
        assertThat(Aggregate.parse(null)).isEqualTo(Aggregate.COUNT);
        assertThat(Aggregate.parse("sum(costUsd)")).isEqualTo(new Aggregate(Aggregate.Kind.SUM, "costUsd"));
        assertThat(Aggregate.parse("distinct( sourceIp )")).isEqualTo(new Aggregate(Aggregate.Kind.DISTINCT, "sourceIp"));
        assertThat(Aggregate.parse("distinct(inputTokens)").toString()).isEqualTo("distinct(inputTokens)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"sum(tool)|numeric", "sum(nope)|numeric", "distinct(scopes)|string or numeric",
            "avg(latencyMs)|count, sum(field)", "sum()|count, sum(field)"})
    void refusesAggregatesOverTheWrongField(String text, String reason) {
        assertThatThrownBy(() -> Aggregate.parse(text)).isInstanceOfSatisfying(IngestException.class, e -> {
            assertThat(e.field()).isEqualTo("condition.aggregate");
            assertThat(e.reason()).contains(reason);
        });
    }

    static CustomRule rule(String conditionFields) {
        return RuleJson.parse("{\"ruleId\": \"r1\", \"name\": \"R\", \"condition\": {" + conditionFields + "}}");
    }

}
