package dev.vigil.simulator.fleet;

import java.util.List;

/**
 * Where the agent's traffic comes from: its home geo and its one to three egress addresses. Each address works
 * under its own grant, except that an agent with {@code sharedGrant} runs its first two addresses behind one
 * grant (a load-balanced pair), so one grant is normally seen from at most two addresses.
 */
public record Network(String country, String region, List<String> sourceIps, boolean sharedGrant) {

    public Network {
        sourceIps = List.copyOf(sourceIps);
        sharedGrant = sharedGrant && sourceIps.size() >= 2;
    }

    /** The grant slot of address {@code ipIndex}: addresses with the same slot share a grant. */
    public int grantSlot(int ipIndex) {
        return sharedGrant && ipIndex == 1 ? 0 : ipIndex;
    }

    /** True when no other address of the agent uses the grant of address {@code ipIndex}. */
    public boolean ownsGrant(int ipIndex) {
        return !sharedGrant || ipIndex >= 2;
    }
}
