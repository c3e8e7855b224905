package dev.vigil.simulator.traffic;

import dev.vigil.simulator.fleet.Agent;
import dev.vigil.simulator.random.Purpose;
import dev.vigil.simulator.random.Seeds;
import java.time.Instant;
import java.util.UUID;

/**
 * The grants and tokens an agent works under. A grant lasts a day and a token an hour. A token is bound to one
 * of the agent's source addresses and a grant to one, or for an agent whose network shares a grant to two: a
 * token is never presented from two addresses and a grant never from three, which is what honest traffic looks
 * like to the token-replay and concurrent-session detectors.
 * Both are derived from the agent's seed and the time, so any slice of the run can compute them alone.
 */
public final class Sessions {

    private static final long SECONDS_PER_HOUR = 3_600;
    private static final long SECONDS_PER_DAY = 86_400;

    private Sessions() {
    }

    /** The grant the agent uses from address {@code ipIndex} on the UTC day of {@code at}. */
    public static String grantId(Agent agent, int ipIndex, Instant at) {
        long day = Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY);
        int slot = agent.network().grantSlot(ipIndex);
        return String.format("grant-%016x", Seeds.derive(agent.seed(), Purpose.SESSION.code(), 1, slot, day));
    }

    /** The token id (JWT jti) the agent presents from address {@code ipIndex} in the UTC hour of {@code at}. */
    public static String tokenJti(Agent agent, int ipIndex, Instant at) {
        long hour = Math.floorDiv(at.getEpochSecond(), SECONDS_PER_HOUR);
        long high = Seeds.derive(agent.seed(), Purpose.SESSION.code(), 2, ipIndex, hour);
        long low = Seeds.derive(agent.seed(), Purpose.SESSION.code(), 3, ipIndex, hour);
        return new UUID((high & 0xFFFFFFFFFFFF0FFFL) | 0x4000L, (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }
}
