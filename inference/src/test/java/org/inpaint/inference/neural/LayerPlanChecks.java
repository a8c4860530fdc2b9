package org.inpaint.inference.neural;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** What the layer-plan tests of every network check the same way: a holed input, a forward pass, the head skip's reach. */
public final class LayerPlanChecks {

    /** The hole of {@link #holedInput}: rows 16–39, columns 20–43; its pixel (28, 32) is 12 px from every edge. */
    public static final int HOLE_ROW = 28, HOLE_COLUMN = 32;

    private LayerPlanChecks() {
    }

    /** A random image with a 24×24 hole at (16, 20), 0.3 in the hole standing for any prefill, and its mask. */
    public static NDList holedInput(NDManager m, int size) {
        m.getEngine().setRandomSeed(7);
        NDArray mask = m.zeros(new Shape(1, 1, size, size));
        mask.set(new NDIndex(":, :, 16:40, 20:44"), 1f);
        NDArray known = m.randomUniform(-1, 1, new Shape(1, 3, size, size)).mul(mask.neg().add(1));
        return new NDList(known.add(mask.mul(0.3f)), mask);
    }

    /** The block's outputs for {@code in}, inference mode, as copies owned by the input's manager. */
    public static NDList forward(Block block, Model model, NDList in) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList copy = new NDList(in.get(0).duplicate(), in.get(1).duplicate());
            copy.attach(scope);
            NDList out = block.forward(new ParameterStore(scope, false), copy, false);
            NDList kept = new NDList();
            for (NDArray a : out) {
                kept.add(a.duplicate());
            }
            kept.attach(in.get(0).getManager());
            return kept;
        }
    }

    public static long parameterCount(Block block) {
        return block.getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum();
    }

    /**
     * How far the fill at {@link #HOLE_ROW}, {@link #HOLE_COLUMN} moves (summed over RGB) when the prefill there
     * changes, with the head whose weight matches {@code headWeight} given random weights on its input channels from
     * {@code firstSkipChannel} on (the encoder's, concatenated last) and zero on the decoder's before them: so only the
     * skip can carry the change, and a skip that reads the wrong place (or nothing) leaves the fill where it was.
     */
    public static double fillMovesWithThePrefillThroughTheSkip(Block block, Model model, String headWeight,
                                                               long firstSkipChannel, int size) {
        try (NDManager inputs = NDManager.newBaseManager()) {
            for (var p : block.getParameters()) {
                if (p.getKey().matches(headWeight)) {
                    NDArray w = p.getValue().getArray();
                    long channels = w.getShape().get(1);
                    long taps = w.getShape().get(2) * w.getShape().get(3);
                    float[] weights = inputs.randomNormal(0f, 0.3f, w.getShape(), w.getDataType()).toFloatArray();
                    for (int i = 0; i < weights.length; i++) {
                        if (i / taps % channels < firstSkipChannel) {
                            weights[i] = 0f;
                        }
                    }
                    w.set(weights);
                }
            }
            NDList in = holedInput(inputs, size);
            float[] before = forward(block, model, in).get(0).toFloatArray();
            NDArray changed = in.get(0).duplicate();
            changed.set(new NDIndex(":, :, {}, {}", HOLE_ROW, HOLE_COLUMN), 0.9f);
            float[] after = forward(block, model, new NDList(changed, in.get(1))).get(0).toFloatArray();
            int pixel = HOLE_ROW * size + HOLE_COLUMN;
            double moved = 0;
            for (int c = 0; c < 3; c++) {
                moved += Math.abs(after[c * size * size + pixel] - before[c * size * size + pixel]);
            }
            return moved;
        }
    }
}
