package dev.vigil.lifecycle.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.RuleDefinition;
import dev.vigil.ingest.IngestException;
import dev.vigil.lifecycle.InMemoryRules;
import dev.vigil.lifecycle.RecordingRuleWriter;
import dev.vigil.lifecycle.RuleFixtures;
import dev.vigil.topology.rules.RuleOverride;
import dev.vigil.topology.rules.RuleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RuleCommandsTest {

    private final InMemoryRules view = new InMemoryRules();
    private final RecordingRuleWriter writer = new RecordingRuleWriter(view);
    private final RuleCommands rules = new RuleCommands(view, writer);

    private static RuleDefinition named(String ruleId, String name) {
        return RuleFixtures.record("{\"ruleId\": \"" + ruleId + "\", \"name\": \"" + name + "\", \"condition\": {}}");
    }

    @Test
    void createWritesVersionOneWhateverVersionWasSubmitted() {
        RuleDefinition submitted = RuleDefinition.newBuilder(RuleFixtures.record(RuleFixtures.SHELL_WRITES)).setVersion(7).build();

        RuleSpec created = rules.create(submitted);

        assertThat(created.version()).isEqualTo(1);
        assertThat(writer.written()).singleElement().satisfies(w -> {
            assertThat(w.ruleId()).isEqualTo("shell-writes");
            assertThat(w.definition()).isEqualTo(RuleDefinition.newBuilder(submitted).setVersion(1).build());
        });
        assertThat(rules.get("shell-writes")).contains(created);
    }

    @Test
    void createRefusesAnIdThatHasARecord() {
        rules.create(named("a", "First"));

        assertThatThrownBy(() -> rules.create(named("a", "Second"))).isInstanceOfSatisfying(RuleExistsException.class,
                e -> assertThat(e.existing().name()).isEqualTo("First"));
        assertThat(writer.written()).hasSize(1);
    }

    @Test
    void createValidatesWithTheRuleModelBeforeWriting() {
        assertThatThrownBy(() -> rules.create(RuleFixtures.withCelTypeError("c")))
                .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.field()).isEqualTo("condition.where"));
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void replaceWritesTheNextVersion() {
        rules.create(named("a", "First"));
        rules.replace(named("a", "Second"));

        RuleSpec third = rules.replace(named("a", "Third"));

        assertThat(third.version()).isEqualTo(3);
        assertThat(rules.get("a").orElseThrow().name()).isEqualTo("Third");
        assertThat(writer.written()).extracting(w -> w.definition().getVersion()).containsExactly(1, 2, 3);
    }

    @Test
    void replaceDeleteAndToggleOfAnIdWithoutRecordAreNotFound() {
        assertThatThrownBy(() -> rules.replace(named("a", "A"))).isInstanceOf(RuleNotFoundException.class);
        assertThatThrownBy(() -> rules.delete("a")).isInstanceOf(RuleNotFoundException.class);
        assertThatThrownBy(() -> rules.setEnabled("a", false)).isInstanceOf(RuleNotFoundException.class);
        assertThatThrownBy(() -> rules.setEnabled("velocity_spike:mine", false)).isInstanceOf(RuleNotFoundException.class);
        assertThatThrownBy(() -> rules.delete("velocity_spike")).isInstanceOf(RuleNotFoundException.class);
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void deleteWritesATombstone() {
        rules.create(named("a", "A"));

        rules.delete("a");

        assertThat(writer.written()).last().satisfies(w -> {
            assertThat(w.ruleId()).isEqualTo("a");
            assertThat(w.definition()).isNull();
        });
        assertThat(rules.get("a")).isEmpty();
        assertThat(rules.all()).isEmpty();
    }

    @Test
    void setEnabledSwitchesTheRuleAsItsNextVersion() {
        rules.create(named("a", "A"));

        RuleCommands.Toggled toggled = rules.setEnabled("a", false);

        assertThat(toggled.created()).isFalse();
        assertThat(toggled.rule().enabled()).isFalse();
        assertThat(toggled.rule().version()).isEqualTo(2);
        assertThat(toggled.rule().name()).isEqualTo("A");
        assertThat(rules.get("a").orElseThrow().enabled()).isFalse();
    }

    @Test
    void setEnabledOnABuiltInRuleWithoutRecordCreatesItsGlobalOverride() {
        RuleCommands.Toggled toggled = rules.setEnabled("velocity_spike", false);

        assertThat(toggled.created()).isTrue();
        assertThat(toggled.rule()).isInstanceOfSatisfying(RuleOverride.class, o -> {
            assertThat(o.builtIn()).isEqualTo("velocity_spike");
            assertThat(o.scope()).isEqualTo(RuleOverride.Scope.GLOBAL);
            assertThat(o.enabled()).isFalse();
            assertThat(o.version()).isEqualTo(1);
            assertThat(o.parameters()).isEmpty();
        });
        assertThat(rules.setEnabled("velocity_spike", true).rule().version()).isEqualTo(2);
    }

    @Test
    void aWriteIsReadBackBeforeTheViewShowsIt() {
        writer.viewLags();

        RuleSpec created = rules.create(named("a", "A"));

        assertThat(view.get("a")).isEmpty();
        assertThat(rules.get("a")).contains(created);
        assertThat(rules.all()).containsExactly(created);
    }

    @Test
    void aDeletionIsReadBackBeforeTheViewShowsIt() {
        rules.create(named("a", "A"));
        writer.viewLags();

        rules.delete("a");

        assertThat(view.get("a").orElseThrow().deleted()).isFalse();
        assertThat(rules.get("a")).isEmpty();
        assertThat(rules.all()).isEmpty();
    }

    @Test
    void onceTheViewShowsTheWriteTheViewAnswersAgain() {
        writer.viewLags();
        rules.create(named("a", "Mine"));
        writer.catchUp();

        writer.external("a", RuleDefinition.newBuilder(named("a", "Theirs")).setVersion(5).build());

        assertThat(rules.get("a").orElseThrow().name()).isEqualTo("Theirs");
        assertThat(rules.all()).extracting(RuleSpec::name).containsExactly("Theirs");
    }

    @Test
    void aRecreatedRuleIsNotHiddenByTheViewsStaleCopyOfAHigherVersion() {
        rules.create(named("a", "Old"));
        rules.replace(named("a", "Old again"));
        writer.viewLags();

        rules.delete("a");
        RuleSpec recreated = rules.create(named("a", "New"));

        assertThat(view.get("a").orElseThrow().spec().version()).isEqualTo(2);
        assertThat(recreated.version()).isEqualTo(1);
        assertThat(rules.get("a")).contains(recreated);
        assertThat(rules.all()).containsExactly(recreated);
    }

    @Test
    void concurrentCreatesOfOneIdGiveOneRuleAndOneConflict() throws Exception {
        CountDownLatch bothWriting = new CountDownLatch(2);
        RuleWriter slow = new RuleWriter() {
            @Override
            public long put(RuleDefinition definition) {
                bothWriting.countDown();
                try {
                    bothWriting.await(300, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return writer.put(definition);
            }

            @Override
            public long delete(String ruleId) {
                return writer.delete(ruleId);
            }
        };
        RuleCommands racing = new RuleCommands(view, slow);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RuleSpec>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> racing.create(named("a", "A"))));
            }
            int conflicts = 0;
            for (Future<RuleSpec> result : results) {
                try {
                    result.get(5, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(RuleExistsException.class);
                    conflicts++;
                }
            }
            assertThat(conflicts).isEqualTo(1);
            assertThat(writer.written()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
