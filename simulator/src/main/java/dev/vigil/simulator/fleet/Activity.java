package dev.vigil.simulator.fleet;

/**
 * When and how busy an agent is: its operating window and its Poisson rates (events per hour) inside the
 * window and outside it.
 */
public record Activity(Schedule schedule, double busyRate, double quietRate) {
}
