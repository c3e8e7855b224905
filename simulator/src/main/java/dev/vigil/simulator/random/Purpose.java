package dev.vigil.simulator.random;

/**
 * What a stream of random numbers is for. Each purpose has its own fixed code, so adding a purpose, or drawing
 * more numbers for one, never shifts the numbers another purpose sees.
 */
public enum Purpose {
    FLEET(1), AGENT(2), SIGNING_KEY(3), TRAFFIC(4), SESSION(5), ATTACK_PLAN(6), ATTACK_EVENTS(7);

    private final long code;

    Purpose(long code) {
        this.code = code;
    }

    public long code() {
        return code;
    }
}
