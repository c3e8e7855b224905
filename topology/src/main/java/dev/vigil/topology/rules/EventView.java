package dev.vigil.topology.rules;

import dev.vigil.avro.AgentEvent;
import java.util.Map;

/**
 * One event as the custom rules see it: its rule type, and its flattened fields ({@link EventFields}) built on
 * first use and shared by every rule that looks at this event, so an event no rule with an expression or a field
 * aggregate considers is never flattened.
 */
public final class EventView {

    private final AgentEvent event;
    private final String type;
    private Map<String, Object> fields;

    public EventView(AgentEvent event) {
        this.event = event;
        this.type = EventFields.typeOf(event);
    }

    public AgentEvent event() {
        return event;
    }

    /** {@code authorization}, {@code tool_call}, {@code receipt} or {@code delegation}. */
    public String type() {
        return type;
    }

    Map<String, Object> fields() {
        if (fields == null) {
            fields = EventFields.flatten(event);
        }
        return fields;
    }
}
