package dev.vigil.topology.detect;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.DelegationPayload;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;

/** The ingest format's {@code type} of an event, from its payload: a bounded metric tag. */
public final class EventKinds {

    private EventKinds() {
    }

    public static String of(AgentEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof AuthorizationPayload) {
            return "authorization";
        }
        if (payload instanceof ToolCallPayload) {
            return "tool_call";
        }
        if (payload instanceof ReceiptPayload) {
            return "receipt";
        }
        if (payload instanceof DelegationPayload) {
            return "delegation";
        }
        return "unknown";
    }
}
