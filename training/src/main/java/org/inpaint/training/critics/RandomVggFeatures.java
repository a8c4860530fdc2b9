package org.inpaint.training.critics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.SplittableRandom;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.ops.Conv;

/**
 * The stand-in for the ImageNet-pretrained VGG-16 the papers' feature losses use (none can be obtained here; see
 * docs/training-substitutes.md): the first blocks of VGG-16's layout (3×3 convolutions with ReLU, 2×2 max pooling)
 * with fixed random He-normal weights drawn from a seed, never trained. The same seed and width always give the
 * same network, so losses stay comparable across runs and checkpoints.
 *
 * <p>Stage 1: conv3-64 ×2, pool; stage 2: conv3-128 ×2, pool; stage 3: conv3-256 ×3, pool; stage 4 (optional):
 * conv3-512 ×3 without pooling. Channel counts are scaled by a width multiplier. Input an image (N, 3, H, W) in
 * [-1, 1], H and W multiples of 8. Output: "pool1" (H/2), "pool2" (H/4), "pool3" (H/8), and with four stages
 * "relu4_3" (H/8), the layer CSA's consistency loss reads.
 *
 * <p>The weights do not require gradients, so a loss over these features back-propagates into the image only.
 */
public final class RandomVggFeatures extends AbstractBlock {

    /** The seed the trainers use unless told otherwise. */
    public static final long DEFAULT_SEED = 0x5EEDF00DL;

    private static final int[][] PLAN = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}};
    private static final String[] NAMES = {"pool1", "pool2", "pool3", "relu4_3"};

    private final long seed;
    private final int stages;
    private final Conv[][] convs;
    private final int[] channels;

    /**
     * @param seed   where the weights come from
     * @param width  channel multiplier (1 = VGG-16's 64-128-256-512)
     * @param stages 3 (up to pool3) or 4 (up to relu4_3)
     */
    public RandomVggFeatures(long seed, double width, int stages) {
        super((byte) 1);
        if (stages < 1 || stages > PLAN.length) {
            throw new IllegalArgumentException("stages must be 1.." + PLAN.length + ", got " + stages);
        }
        this.seed = seed;
        this.stages = stages;
        this.convs = new Conv[stages][];
        this.channels = new int[stages];
        int in = 3;
        for (int s = 0; s < stages; s++) {
            int out = NetworkArchitecture.scaled(PLAN[s][0], width);
            channels[s] = out;
            convs[s] = new Conv[PLAN[s].length];
            for (int i = 0; i < PLAN[s].length; i++) {
                convs[s][i] = addChildBlock("conv" + (s + 1) + "_" + (i + 1), Conv.builder(in, out, 3).build());
                in = out;
            }
        }
    }

    /** A network built and initialised in {@code manager} (which then owns its weights). */
    public static RandomVggFeatures create(NDManager manager, long seed, double width, int stages) {
        RandomVggFeatures net = new RandomVggFeatures(seed, width, stages);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8));
        return net;
    }

    /** Channels of output {@code i} (0 = pool1). */
    public int channels(int i) {
        return channels[i];
    }

    public int stages() {
        return stages;
    }

    /** The features of {@code image}, computed in the image's manager. */
    public NDList extract(NDArray image) {
        return forward(new ParameterStore(image.getManager(), false), new NDList(image), false);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList out = new NDList(stages);
        for (int s = 0; s < stages; s++) {
            for (Conv c : convs[s]) {
                x = Activation.relu(c.forward(ps, new NDList(x), training).singletonOrThrow());
            }
            if (s < 3) {
                x = Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
            x.setName(NAMES[s]);
            out.add(x);
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        SplittableRandom layerSeeds = new SplittableRandom(seed);
        for (Conv[] stage : convs) {
            for (Conv c : stage) {
                c.setInitializer(new SeededHeNormal(layerSeeds.nextLong()), Parameter.Type.WEIGHT);
                c.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
                c.initialize(manager, dataType, x);
                c.freezeParameters(true);
                x = c.getOutputShapes(new Shape[] {x})[0];
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape[] out = new Shape[stages];
        for (int i = 0; i < stages; i++) {
            int down = 1 << Math.min(i + 1, 3);
            out[i] = new Shape(s.get(0), channels[i], s.get(2) / down, s.get(3) / down);
        }
        return out;
    }

    /** Normal(0, 2 / fan_in) weights from a seed: ReLU layers then keep the activations' scale from layer to layer. */
    static final class SeededHeNormal implements Initializer {
        private final long seed;

        SeededHeNormal(long seed) {
            this.seed = seed;
        }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            long fanIn = shape.size() / shape.get(0);
            double std = Math.sqrt(2.0 / fanIn);
            SplittableRandom random = new SplittableRandom(seed);
            float[] w = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (random.nextGaussian() * std);
            }
            return manager.create(w, shape).toType(dataType, false);
        }
    }
}
