package dev.vigil.simulator.fleet;

/**
 * Relative weights of the four event kinds in an agent's traffic. The delegation weight only counts for an
 * agent that has children to delegate to.
 */
public record EventMix(double authorization, double toolCall, double receipt, double delegation) {

    /** The weights in the order authorization, tool call, receipt, delegation, for an agent with or without children. */
    public double[] weights(boolean delegates) {
        return new double[] {authorization, toolCall, receipt, delegates ? delegation : 0};
    }
}
