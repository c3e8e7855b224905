package dev.vigil.lifecycle.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.AgentProfile;
import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.BreakerState;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.lifecycle.AgentFixtures;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryRecords;
import dev.vigil.lifecycle.InMemoryViews;
import dev.vigil.lifecycle.RecordingTopicWriter;
import dev.vigil.lifecycle.RecordingWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentControlTest {

    private final InMemoryRecords<AgentProfile, AgentProfile> profiles = InMemoryRecords.agents();
    private final RecordingTopicWriter<AgentProfile> topic = new RecordingTopicWriter<>(profiles);
    private final InMemoryRecords<AgentStatus, AgentStatus> statuses = InMemoryRecords.statuses();
    private final RecordingWriter events = new RecordingWriter(new InMemoryViews());
    private final AgentControl control = new AgentControl(new AgentRegistry(profiles, topic), statuses, events,
            Clock.fixed(Fixtures.T0, ZoneOffset.UTC));

    @Test
    void anAgentIsFoundByItsProfileOrItsStatusWithTheProfilesTenantFirst() {
        topic.external("a", AgentFixtures.profile("a", "t1"));
        statuses.apply("a", 0, AgentFixtures.status("a", "t1", BreakerState.WARN, Fixtures.T0));
        statuses.apply("s", 1, AgentFixtures.status("s", "t2", BreakerState.HALTED, Fixtures.T0));

        assertThat(control.find("a")).hasValueSatisfying(a -> {
            assertThat(a.tenantId()).isEqualTo("t1");
            assertThat(a.profile()).isNotNull();
            assertThat(a.status().getState()).isEqualTo(BreakerState.WARN);
        });
        assertThat(control.find("s")).hasValueSatisfying(a -> {
            assertThat(a.tenantId()).isEqualTo("t2");
            assertThat(a.profile()).isNull();
        });
        assertThat(control.find("nobody")).isEmpty();
    }

    @Test
    void aStatusRecordLeftByAnotherTenantIsNotTheRegisteredAgentsAndRefusesNothing() {
        topic.external("reused", AgentFixtures.profile("reused", "t2"));
        statuses.apply("reused", 0, AgentFixtures.status("reused", "t1", BreakerState.KILLED, Fixtures.T0));

        AgentControl.Agent agent = control.find("reused").orElseThrow();

        assertThat(agent.tenantId()).isEqualTo("t2");
        assertThat(agent.status()).isNull();
        control.execute(agent, LifecycleAction.HALT, "bob", "why");
        assertThat(events.written()).singleElement().satisfies(e -> assertThat(e.getTenantId()).isEqualTo("t2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anonymous", "vigil", "vigil:cascade", " "})
    void aResumeByAnActorTheTopologyWouldNotTakeForAPersonIsRefusedAndNotWritten(String actor) {
        topic.external("a", AgentFixtures.profile("a", "t1"));
        AgentControl.Agent agent = control.find("a").orElseThrow();

        assertThatThrownBy(() -> control.execute(agent, LifecycleAction.RESUME, actor, "why"))
                .isInstanceOf(AgentControl.NotAPersonException.class).hasMessageContaining("only a person resumes");
        assertThat(events.written()).isEmpty();
        control.execute(agent, LifecycleAction.HALT, actor, "why");
        assertThat(events.written()).singleElement().satisfies(e -> assertThat(e.getAction()).isEqualTo(LifecycleAction.HALT));
    }

    @Test
    void onlyAgentCommandsAreWritten() {
        topic.external("a", AgentFixtures.profile("a", "t1"));
        AgentControl.Agent agent = control.find("a").orElseThrow();

        assertThatThrownBy(() -> control.execute(agent, LifecycleAction.ACKNOWLEDGE, "alice", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(events.written()).isEmpty();
    }
}
