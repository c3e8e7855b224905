package dev.vigil.topology;

import dev.vigil.avro.AgentStatus;
import dev.vigil.avro.Alert;
import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.topology.breaker.CircuitBreaker;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import dev.vigil.core.config.Topics;
import dev.vigil.serde.SerdeFactory;

/**
 * The detection and feedback processors emit three kinds of record — alerts, agent statuses and lifecycle commands
 * (the circuit breaker's cascade) — on one stream; this splits it by type onto the three topics, each keyed by
 * agentId.
 */
public final class Outputs {

    static final String ALERTS_BRANCH = "-alerts";
    static final String STATUS_BRANCH = "-status";
    static final String COMMANDS_BRANCH = "-commands";

    private Outputs() {
    }

    /** Forwards a breaker move: the agent's status, then the commands to its children. */
    public static void forward(ProcessorContext<String, SpecificRecord> context, CircuitBreaker.Move move, long time,
                        TopologyMetrics metrics) {
        AgentStatus status = move.status();
        metrics.breakerMoved(status.getState().name());
        context.forward(new Record<>(status.getAgentId(), status, time));
        for (AlertLifecycleEvent command : move.cascade()) {
            context.forward(new Record<>(command.getAgentId(), command, time));
        }
    }

    /** Routes {@code out} to the alerts (when {@code withAlerts}), agent-status and alert-events topics. */
    static void route(KStream<String, SpecificRecord> out, String name, Topics topics, SerdeFactory serdes, boolean withAlerts) {
        var split = out.split(Named.as(name));
        if (withAlerts) {
            split = split.branch((k, v) -> v instanceof Alert, Branched.as(ALERTS_BRANCH));
        }
        Map<String, KStream<String, SpecificRecord>> branches = split
                .branch((k, v) -> v instanceof AgentStatus, Branched.as(STATUS_BRANCH))
                .defaultBranch(Branched.as(COMMANDS_BRANCH));
        if (withAlerts) {
            branches.get(name + ALERTS_BRANCH).mapValues(v -> (Alert) v, Named.as(name + "-alert-values"))
                    .to(topics.alerts(), Produced.with(Serdes.String(), serdes.valueSerde(Alert.class)).withName(name + "-alerts-sink"));
        }
        branches.get(name + STATUS_BRANCH).mapValues(v -> (AgentStatus) v, Named.as(name + "-status-values"))
                .to(topics.agentStatus(), Produced.with(Serdes.String(), serdes.valueSerde(AgentStatus.class)).withName(name + "-status-sink"));
        branches.get(name + COMMANDS_BRANCH).mapValues(v -> (AlertLifecycleEvent) v, Named.as(name + "-command-values"))
                .to(topics.alertEvents(), Produced.with(Serdes.String(), serdes.valueSerde(AlertLifecycleEvent.class))
                        .withName(name + "-commands-sink"));
    }
}
