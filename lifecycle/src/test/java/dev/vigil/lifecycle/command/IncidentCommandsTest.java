package dev.vigil.lifecycle.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.avro.Severity;
import dev.vigil.lifecycle.Fixtures;
import dev.vigil.lifecycle.InMemoryIncidents;
import dev.vigil.lifecycle.RecordingIncidentWriter;
import dev.vigil.lifecycle.TestClock;
import dev.vigil.lifecycle.view.Incident;
import dev.vigil.lifecycle.view.IncidentStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IncidentCommandsTest {

    private final Incident incident = Incident.open(Fixtures.alert("a-1", "did:web:agent-1", Severity.high, Fixtures.T0),
            Fixtures.T0);
    private final InMemoryIncidents view = new InMemoryIncidents().add(incident);
    private final RecordingIncidentWriter writer = new RecordingIncidentWriter(view);
    private final TestClock clock = new TestClock(Fixtures.T0.plusSeconds(120));
    private final IncidentCommands commands = new IncidentCommands(view, writer, clock, Duration.ofMillis(200));

    @Test
    void anUpdateIsStampedWithTheClockAndAppliedBeforeItAnswers() {
        IncidentUpdateResult result = commands.execute(new IncidentUpdate(incident.incidentId(), "alice",
                IncidentStatus.INVESTIGATING, "looking"));

        assertThat(result).isInstanceOf(IncidentUpdateResult.Applied.class);
        Incident shown = ((IncidentUpdateResult.Applied) result).incident();
        assertThat(shown.status()).isEqualTo(IncidentStatus.INVESTIGATING);
        assertThat(shown.notes().get(0).at()).isEqualTo(Fixtures.T0.plusSeconds(120));
        assertThat(writer.written().get(0).getOccurredAt()).isEqualTo(Fixtures.T0.plusSeconds(120));
    }

    @Test
    void anUnknownIncidentIsNotFoundAndAnIllegalMoveAConflictNamingTheStatus() {
        assertThatThrownBy(() -> commands.execute(new IncidentUpdate("inc_x", "alice", null, "n")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> commands.execute(new IncidentUpdate(incident.incidentId(), "alice",
                IncidentStatus.OPEN, null)))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).details()).containsEntry("status", "open"));
        assertThat(writer.written()).isEmpty();
    }

    @Test
    void twoConcurrentMovesToTheSameStatusGiveOneEventAndOneConflict() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Object> contain = () -> {
                try {
                    return commands.execute(new IncidentUpdate(incident.incidentId(), "alice",
                            IncidentStatus.CONTAINED, null));
                } catch (ConflictException e) {
                    return e;
                }
            };
            List<Future<Object>> both = pool.invokeAll(List.of(contain, contain));
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : both) {
                outcomes.add(f.get());
            }
            assertThat(outcomes).filteredOn(IncidentUpdateResult.Applied.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(ConflictException.class::isInstance).hasSize(1);
            assertThat(writer.written()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUpdateNeedsAStatusOrANote() {
        assertThatThrownBy(() -> new IncidentUpdate(incident.incidentId(), "alice", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
