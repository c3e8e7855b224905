package dev.vigil.topology.detect.model;

import dev.vigil.topology.baseline.Moments;
import dev.vigil.topology.baseline.SeenSet;
import dev.vigil.topology.state.SectionType;
import dev.vigil.topology.state.StateReader;
import dev.vigil.topology.state.StateSection;
import dev.vigil.topology.state.StateWriter;

/**
 * What {@code atypical_model} remembers of an agent: the models it called, with how often ({@link SeenSet} of
 * {@value #MODELS} entries, the least recently used evicted), and the running mean and variance of the natural log
 * of its cost per call ({@link Moments} over about {@value #HORIZON} receipts). About 18 bytes per model and
 * 19 for the moments: ≤ 170 bytes per agent.
 */
final class ModelHistory implements StateSection {

    static final int MODELS = 8;
    static final int HORIZON = 300;
    static final SectionType<ModelHistory> SECTION = new SectionType<>("atypical_model", ModelHistory::new, ModelHistory::read);

    final SeenSet models;
    final Moments logCost;

    ModelHistory() {
        this(new SeenSet(MODELS), new Moments());
    }

    private ModelHistory(SeenSet models, Moments logCost) {
        this.models = models;
        this.logCost = logCost;
    }

    @Override
    public void write(StateWriter out) {
        models.write(out);
        logCost.write(out);
    }

    static ModelHistory read(StateReader in) {
        return new ModelHistory(SeenSet.read(in, MODELS), Moments.read(in));
    }
}
