package org.inpaint.training.objectives;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.inpaint.training.optim.Adam;

/**
 * What every adversarial objective keeps besides its generator: the discriminators, one Adam for the generator and
 * one for all discriminators, and their checkpoint state (discriminator weights, then both optimizers' moments).
 */
final class AdversarialOptimisation implements AutoCloseable {

    private final NDManager manager;
    private final List<Block> discriminators;
    private final Adam generator;
    private final Adam discriminator;

    AdversarialOptimisation(NDManager manager, Adam.Settings settings, Block generatorBlock, Block... discriminators) {
        this.manager = manager;
        this.discriminators = List.of(discriminators);
        this.generator = new Adam(settings, manager, generatorBlock);
        this.discriminator = new Adam(settings, manager, discriminators);
    }

    Adam generator() {
        return generator;
    }

    Adam discriminators() {
        return discriminator;
    }

    /** After a generator update: the discriminators' gradients from the adversarial term are not theirs to apply. */
    void generatorUpdated() {
        generator.step();
        discriminator.zeroGradients();
    }

    void save(DataOutputStream out) throws IOException {
        for (Block d : discriminators) {
            d.saveParameters(out);
        }
        generator.save(out);
        discriminator.save(out);
    }

    /** Restores what {@link #save} wrote; the generator's weights must be loaded already. */
    void load(DataInputStream in) throws IOException {
        try {
            for (Block d : discriminators) {
                d.loadParameters(manager, in);
            }
        } catch (MalformedModelException e) {
            throw new IOException("discriminator state does not match: " + e.getMessage(), e);
        }
        generator.load(in);
        discriminator.load(in);
    }

    @Override
    public void close() {
        generator.close();
        discriminator.close();
    }
}
