package org.inpaint.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.inpaint.training.critics.WganCritic;
import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void twoUpdatesFollowTheBiasCorrectedRuleAndGradientsAreZeroedBetween() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            WganCritic block = new WganCritic(1, 1, List.of(new WganCritic.Layer(1, 1, 1)));
            block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 1, 1));
            Adam adam = new Adam(Adam.Settings.of(0.1f, 0.5f, 0.9f), m, block);
            NDArray w = block.getParameters().get("fc_weight").getArray();
            float w0 = w.getFloat();
            // loss = fc_weight * h, with h the (fixed) conv output; its gradient w.r.t. fc_weight is h
            NDArray x = m.create(new float[] {2f}, new Shape(1, 1, 1, 1));
            float[] grads = new float[2];
            float expected = w0;
            double mom = 0, vel = 0;
            for (int t = 1; t <= 2; t++) {
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    gc.backward(block.score(new ParameterStore(m, false), x, true).sum());
                }
                grads[t - 1] = w.getGradient().getFloat();
                mom = 0.5 * mom + 0.5 * grads[t - 1];
                vel = 0.9 * vel + 0.1 * grads[t - 1] * grads[t - 1];
                double mHat = mom / (1 - Math.pow(0.5, t));
                double vHat = vel / (1 - Math.pow(0.9, t));
                expected -= (float) (0.1 * mHat / (Math.sqrt(vHat) + 1e-8));
                adam.step();
                assertEquals(expected, w.getFloat(), 1e-6, "after update " + t);
                assertEquals(0f, w.getGradient().getFloat(), "gradient zeroed after update " + t);
            }
            adam.close();
        }
    }

    @Test
    void savedStateRestoresTheSameNextUpdate() throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            WganCritic a = new WganCritic(1, 4, List.of(new WganCritic.Layer(2, 3, 2)));
            a.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 4));
            WganCritic b = new WganCritic(1, 4, List.of(new WganCritic.Layer(2, 3, 2)));
            b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 4));
            NDArray x = m.randomNormal(new Shape(3, 1, 4, 4));
            Adam adamA = new Adam(Adam.Settings.of(0.01f, 0.5f, 0.9f), m, a);
            for (int i = 0; i < 3; i++) {
                step(a, adamA, x, m);
            }
            ByteArrayOutputStream weights = new ByteArrayOutputStream();
            a.saveParameters(new DataOutputStream(weights));
            ByteArrayOutputStream state = new ByteArrayOutputStream();
            adamA.save(new DataOutputStream(state));
            b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(weights.toByteArray())));
            Adam adamB = new Adam(Adam.Settings.of(0.01f, 0.5f, 0.9f), m, b);
            adamB.load(new DataInputStream(new ByteArrayInputStream(state.toByteArray())));
            assertEquals(3, adamB.updates());
            step(a, adamA, x, m);
            step(b, adamB, x, m);
            assertArrayEquals(a.getParameters().get("conv0_weight").getArray().toFloatArray(),
                    b.getParameters().get("conv0_weight").getArray().toFloatArray(), 0f);
        }
    }

    @Test
    void anOptimizerMadeBeforeTheWeightsAreLoadedFollowsTheLoadedArrays() throws Exception {
        // the trainer's resume order: objective (and optimizer) first, then the checkpoint's weights, then the state
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            WganCritic a = new WganCritic(1, 4, List.of(new WganCritic.Layer(2, 3, 2)));
            a.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 4));
            WganCritic b = new WganCritic(1, 4, List.of(new WganCritic.Layer(2, 3, 2)));
            b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 4));
            NDArray x = m.randomNormal(new Shape(3, 1, 4, 4));
            Adam adamA = new Adam(Adam.Settings.of(0.01f, 0.5f, 0.9f), m, a);
            Adam adamB = new Adam(Adam.Settings.of(0.01f, 0.5f, 0.9f), m, b);
            for (int i = 0; i < 2; i++) {
                step(a, adamA, x, m);
            }
            ByteArrayOutputStream weights = new ByteArrayOutputStream();
            a.saveParameters(new DataOutputStream(weights));
            ByteArrayOutputStream state = new ByteArrayOutputStream();
            adamA.save(new DataOutputStream(state));
            b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(weights.toByteArray())));
            adamB.load(new DataInputStream(new ByteArrayInputStream(state.toByteArray())));
            for (int i = 0; i < 2; i++) {
                step(a, adamA, x, m);
                step(b, adamB, x, m);
            }
            assertArrayEquals(a.getParameters().get("conv0_weight").getArray().toFloatArray(),
                    b.getParameters().get("conv0_weight").getArray().toFloatArray(), 0f);
        }
    }

    private static void step(WganCritic c, Adam adam, NDArray x, NDManager m) {
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            gc.backward(c.score(new ParameterStore(m, false), x, true).square().sum());
        }
        adam.step();
    }
}
