package org.inpaint.training.objectives;

import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.inpaint.training.optim.Adam;
import org.inpaint.training.run.Architectures;
import org.inpaint.training.run.Objective;
import org.inpaint.training.run.TrainingConfig;

/**
 * What the four papers' objectives share: the generator built for the run, the discriminators with both
 * optimizers, and the checkpoint state they make up. A subclass builds its discriminators, then calls
 * {@link #optimise}.
 */
abstract class AdversarialObjective implements Objective {

    protected final Model model;
    protected final TrainingConfig config;
    protected final Block generator;
    private AdversarialOptimisation optimisation;

    protected AdversarialObjective(Model model, TrainingConfig config, String network) {
        this.model = model;
        this.config = config;
        this.generator = Architectures.byName(network).buildInto(model, config.width(), config.prefillSetting(), config.layerPlan(), config.size());
    }

    /** Sets up one Adam for the generator and one for all these (initialised) discriminators. */
    protected final void optimise(Adam.Settings settings, Block... discriminators) {
        this.optimisation = new AdversarialOptimisation(model.getNDManager(), settings, generator, discriminators);
    }

    protected final AdversarialOptimisation optimisation() {
        return optimisation;
    }

    @Override
    public Block generator() {
        return generator;
    }

    /** A warm start: the generator's Adam takes the loaded arrays; the discriminators begin untrained. */
    @Override
    public void weightsLoaded() {
        optimisation.generator().rebind();
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        optimisation.save(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        optimisation.load(in);
    }

    @Override
    public void close() {
        optimisation.close();
    }
}
