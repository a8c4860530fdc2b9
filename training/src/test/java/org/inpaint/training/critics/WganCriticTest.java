package org.inpaint.training.critics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WganCriticTest {

    private NDManager m;
    private WganCritic critic;
    private ParameterStore ps;

    @BeforeEach
    void open() {
        m = NDManager.newBaseManager("PyTorch");
        Engine.getEngine("PyTorch").setRandomSeed(5);
        critic = new WganCritic(3, 12, List.of(new WganCritic.Layer(4, 5, 2), new WganCritic.Layer(6, 3, 2), new WganCritic.Layer(5, 4, 2)));
        critic.initialize(m, DataType.FLOAT64, new Shape(1, 3, 12, 12));
        ps = new ParameterStore(m, false);
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void inputGradientMatchesFiniteDifferencesOfTheScore() {
        NDArray x = m.randomNormal(new Shape(2, 3, 12, 12)).toType(DataType.FLOAT64, false);
        double[] analytic = critic.inputGradient(ps, x, false).toDoubleArray();
        double[] base = x.toDoubleArray();
        double h = 1e-6;
        for (int i = 0; i < base.length; i += 37) {
            double[] plus = base.clone();
            double[] minus = base.clone();
            plus[i] += h;
            minus[i] -= h;
            int sample = i / (3 * 12 * 12);
            double fp = critic.score(ps, m.create(plus, x.getShape()), false).toDoubleArray()[sample];
            double fm = critic.score(ps, m.create(minus, x.getShape()), false).toDoubleArray()[sample];
            assertEquals((fp - fm) / (2 * h), analytic[i], 1e-6, "input element " + i);
        }
    }

    @Test
    void penaltyGradientWithRespectToWeightsMatchesFiniteDifferences() {
        NDArray real = m.randomNormal(new Shape(2, 3, 12, 12)).toType(DataType.FLOAT64, false);
        NDArray fake = m.randomNormal(new Shape(2, 3, 12, 12)).toType(DataType.FLOAT64, false);
        NDArray holes = m.zeros(new Shape(2, 1, 12, 12), DataType.FLOAT64);
        holes.set(new ai.djl.ndarray.index.NDIndex(":, :, 3:9, 2:8"), 1);
        NDArray alpha = m.create(new double[] {0.3, 0.8}, new Shape(2, 1, 1, 1));
        NDArray w = critic.getParameters().get("conv1_weight").getArray();
        w.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            gc.backward(critic.gradientPenalty(ps, real, fake, holes, alpha, 10f));
        }
        double[] analytic = w.getGradient().toDoubleArray();
        double[] base = w.toDoubleArray();
        double h = 1e-6;
        for (int i = 0; i < base.length; i += 11) {
            double[] v = base.clone();
            v[i] = base[i] + h;
            w.set(m.create(v, w.getShape()).toByteBuffer());
            double fp = critic.gradientPenalty(ps, real, fake, holes, alpha, 10f).getDouble();
            v[i] = base[i] - h;
            w.set(m.create(v, w.getShape()).toByteBuffer());
            double fm = critic.gradientPenalty(ps, real, fake, holes, alpha, 10f).getDouble();
            w.set(m.create(base, w.getShape()).toByteBuffer());
            assertEquals((fp - fm) / (2 * h), analytic[i], 1e-5 * Math.max(1, Math.abs(analytic[i])), "weight element " + i);
        }
    }

    @Test
    void penaltyIsLambdaTimesTheSquaredDistanceOfTheHoleGradientNormFromOne() {
        NDArray real = m.randomNormal(new Shape(1, 3, 12, 12)).toType(DataType.FLOAT64, false);
        NDArray fake = m.randomNormal(new Shape(1, 3, 12, 12)).toType(DataType.FLOAT64, false);
        NDArray holes = m.zeros(new Shape(1, 1, 12, 12), DataType.FLOAT64);
        holes.set(new ai.djl.ndarray.index.NDIndex(":, :, 0:5, 0:12"), 1);
        NDArray alpha = m.create(new double[] {0.25}, new Shape(1, 1, 1, 1));
        NDArray mix = real.mul(0.25).add(fake.mul(0.75));
        double[] g = critic.inputGradient(ps, mix, false).toDoubleArray();
        double norm2 = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 12; x++) {
                    double v = g[c * 144 + y * 12 + x];
                    norm2 += v * v;
                }
            }
        }
        double expected = 10 * Math.pow(Math.sqrt(norm2) - 1, 2);
        assertEquals(expected, critic.gradientPenalty(ps, real, fake, holes, alpha, 10f).getDouble(), 1e-9 * Math.max(1, expected));
    }

    @Test
    void deepFillCriticsReduceTheirInputToOneScore() {
        WganCritic global = WganCritic.deepFillGlobal(64, 0.25);
        global.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        assertEquals(new Shape(3, 1), global.score(ps, m.randomNormal(new Shape(3, 3, 64, 64)), false).getShape());
        WganCritic lbam = WganCritic.lbam(128, 0.125);
        lbam.initialize(m, DataType.FLOAT32, new Shape(1, 3, 128, 128));
        assertEquals(new Shape(2, 1), lbam.score(ps, m.randomNormal(new Shape(2, 3, 128, 128)), false).getShape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> global.score(ps, m.randomNormal(new Shape(1, 3, 32, 32)), false));
        assertEquals("critic expects (N, 3, 64, 64), got (1, 3, 32, 32)", e.getMessage());
    }
}
