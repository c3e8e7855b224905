package dev.vigil.simulator.fleet;

/** Share of an agent's requests that are denied and that fail; the rest succeed. */
public record FailureRates(double denied, double error) {
}
