package dev.vigil.simulator.fleet;

/** The agent's everyday model, the expensive one it escalates hard tasks to, and how often it escalates. */
public record ModelHabit(Catalogue.Model everyday, Catalogue.Model heavy, double heavyShare) {
}
