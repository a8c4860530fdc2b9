package org.inpaint.training.objectives;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.inpaint.training.run.Architectures;
import org.junit.jupiter.api.Test;

class ProfileTmpTest {
    @Test
    void profile() {
        String net = System.getProperty("net", "deepfill");
        int size = Integer.getInteger("size", 128);
        try (Model model = Model.newInstance("p", "PyTorch")) {
            Block g = Architectures.byName(net).buildInto(model, 0.5, size);
            g.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(true));
            for (int rep = 0; rep < 3; rep++) {
                try (NDManager s = model.getNDManager().newSubManager()) {
                    NDArray x = s.randomUniform(-1, 1, new Shape(8, 3, size, size));
                    NDArray m = s.zeros(new Shape(8, 1, size, size));
                    m.set(new ai.djl.ndarray.index.NDIndex(":, :, 30:80, 30:80"), 1);
                    long t0 = System.nanoTime();
                    g.forward(new ParameterStore(s, false), new NDList(x, m), false);
                    long t1 = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray out = g.forward(new ParameterStore(s, false), new NDList(x, m), true).get(0);
                        long t2 = System.nanoTime();
                        gc.backward(out.abs().mean());
                        long t3 = System.nanoTime();
                        System.out.printf("%s fwd %.2fs  train-fwd %.2fs  bwd %.2fs%n", net, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
                    }
                }
            }
        }
    }
}
