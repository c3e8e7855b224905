package dev.vigil.simulator.attack;

import dev.vigil.avro.AgentEvent;
import dev.vigil.avro.AuthorizationPayload;
import dev.vigil.avro.ReceiptPayload;
import dev.vigil.avro.ToolCallPayload;
import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.fleet.Catalogue;
import dev.vigil.simulator.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * The edits attacks make to events drawn by the agent's own {@link dev.vigil.simulator.traffic.EventFactory}:
 * another address, another session, a receipt signed again after its envelope changed. Everything not edited
 * stays as the agent would have it.
 */
final class AttackEvents {

    private static final int LAST_HOST = 254;

    private AttackEvents() {
    }

    /** An address from the fleet's documentation ranges that is none of {@code agent}'s own. */
    static String strangerAddress(Agent agent, Rng rng) {
        while (true) {
            String ip = rng.pick(Catalogue.NETWORKS) + rng.between(1, LAST_HOST);
            if (!agent.network().sourceIps().contains(ip)) {
                return ip;
            }
        }
    }

    /** {@code count} distinct addresses, none of them {@code agent}'s own. */
    static List<String> strangerAddresses(Agent agent, int count, Rng rng) {
        List<String> ips = new ArrayList<>(count);
        while (ips.size() < count) {
            String ip = strangerAddress(agent, rng);
            if (!ips.contains(ip)) {
                ips.add(ip);
            }
        }
        return ips;
    }

    /** A token id no one has used: a random UUID, as the agent's own token ids are. */
    static String freshToken(Rng rng) {
        return rng.uuid().toString();
    }

    /** A grant id no one has used, in the form of the agent's own. */
    static String freshGrant(Rng rng) {
        return String.format("grant-%016x", rng.nextLong());
    }

    /** Puts an authorization or tool call under {@code grant} and {@code token}; other events have no session. */
    static void useSession(AgentEvent event, String grant, String token) {
        if (event.getPayload() instanceof AuthorizationPayload auth) {
            auth.setGrantId(grant);
            auth.setTokenJti(token);
        } else if (event.getPayload() instanceof ToolCallPayload call) {
            call.setGrantId(grant);
            call.setTokenJti(token);
        }
    }

    /** Signs a receipt again with the agent's key after its envelope was edited, so that it still verifies. */
    static AgentEvent resign(Agent agent, AgentEvent event) {
        if (event.getPayload() instanceof ReceiptPayload receipt) {
            receipt.setSignature(agent.signing().sign(event));
        }
        return event;
    }
}
