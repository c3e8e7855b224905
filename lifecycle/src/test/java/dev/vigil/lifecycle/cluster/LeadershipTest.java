package dev.vigil.lifecycle.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.lifecycle.command.WriteFailedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class LeadershipTest {

    private static final HostInfo SELF = new HostInfo("10.0.0.1", 8080);
    private static final HostInfo OTHER = new HostInfo("10.0.0.2", 8080);

    private final AtomicReference<Optional<HostInfo>> leader = new AtomicReference<>(Optional.empty());
    private final AtomicInteger gains = new AtomicInteger();
    private final Leadership leadership = new Leadership(leader::get, SELF, gains::incrementAndGet);

    @Test
    void aGainIsNoticedOnceUntilTheLeadMovesAwayOrARebalanceHappens() {
        assertThat(leadership.leads()).isFalse();
        leader.set(Optional.of(SELF));
        assertThat(leadership.leads()).isTrue();
        assertThat(leadership.leads()).isTrue();
        assertThat(gains).hasValue(1);

        leader.set(Optional.of(OTHER));
        assertThat(leadership.leader()).hasValue(OTHER);
        leader.set(Optional.of(SELF));
        assertThat(leadership.leads()).isTrue();
        assertThat(gains).hasValue(2);

        leadership.forget();
        assertThat(leadership.leads()).isTrue();
        assertThat(gains).as("a rebalance may have given the lead away and back").hasValue(3);
    }

    @Test
    void theWriterLetsEventsThroughOnlyWhileThisInstanceLeads() {
        List<AlertLifecycleEvent> written = new ArrayList<>();
        LeaderOnlyWriter writer = new LeaderOnlyWriter(written::add, leadership);
        leader.set(Optional.of(OTHER));

        assertThatThrownBy(() -> writer.write(event())).isInstanceOf(WriteFailedException.class)
                .hasMessageContaining("nothing was written");
        leader.set(Optional.of(SELF));
        writer.write(event());

        assertThat(written).hasSize(1);
    }

    private static AlertLifecycleEvent event() {
        return AlertLifecycleEvent.newBuilder().setEventId("e-1").setAction(LifecycleAction.COMMENT).setAlertId("a-1")
                .setTenantId("acme").setAgentId("agent-1").setActor("alice").setNote("n")
                .setOccurredAt(Instant.parse("2025-03-01T10:00:00Z")).build();
    }
}
