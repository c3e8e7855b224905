package dev.vigil.topology.feedback;

import dev.vigil.avro.AlertLifecycleEvent;
import dev.vigil.avro.LifecycleAction;
import dev.vigil.topology.state.AgentState;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies people's decisions from {@code vigil.alert-events.v1} to the detection state. A {@code RESOLVE}
 * closes the agent's open alert it names (by alert id, or by rule when no id is given), so the next finding
 * of that rule opens a new alert with a new id instead of folding into a closed one. Everything else leaves
 * detection untouched for now. It shares the agent state store with detection, which requires the lifecycle
 * topic to be partitioned like the events topic (same key, same partition count).
 */
public final class FeedbackProcessor implements Processor<String, AlertLifecycleEvent, Void, Void> {

    private final String stateStoreName;
    private KeyValueStore<String, AgentState> states;

    public FeedbackProcessor(String stateStoreName) {
        this.stateStoreName = stateStoreName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.states = context.getStateStore(stateStoreName);
    }

    @Override
    public void process(Record<String, AlertLifecycleEvent> record) {
        AlertLifecycleEvent event = record.value();
        if (event.getAction() != LifecycleAction.RESOLVE) {
            return;
        }
        AgentState state = states.get(event.getAgentId());
        if (state != null && state.close(event.getAlertId(), event.getRuleId())) {
            states.put(event.getAgentId(), state);
        }
    }
}
