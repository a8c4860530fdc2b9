package org.inpaint.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.neural.ChannelLayout;
import org.inpaint.inference.neural.Prefill;
import org.inpaint.inference.neural.Tensors;
import org.inpaint.inference.neural.csa.CsaArchitecture;
import org.inpaint.inference.neural.lbam.LbamArchitecture;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;

/**
 * A network widened from a narrower one computes what the narrower one computed, on a real photo, in evaluation and
 * in training mode (batch statistics), while its copied channels are not exact copies of each other's weights.
 */
class WideningTest {

    private static final int SIZE = 128;

    @Test
    void aWidenedLbamComputesWhatTheNarrowerOneDid() {
        LbamArchitecture lbam = new LbamArchitecture();
        RgbImage orange = ImageCodec.withDefaults().decode(Samples.photo(Samples.photoNamed("orange")), "p").image();
        // two crops: batch norm in training mode needs more than one value per channel at the innermost 1×1 layer
        List<RgbImage> photo = List.of(orange.crop(new Rect(10, 10, SIZE, SIZE)), orange.crop(new Rect(60, 30, SIZE, SIZE)));
        List<Mask> holes = List.of(Mask.ofBoxes(SIZE, SIZE, List.of(new Rect(30, 40, 50, 35))),
                Mask.ofBoxes(SIZE, SIZE, List.of(new Rect(70, 20, 30, 60))));
        Engine.getEngine("PyTorch").setRandomSeed(5);
        try (Model narrowModel = Model.newInstance("narrow", "PyTorch");
             Model wideModel = Model.newInstance("wide", "PyTorch");
             Model freshModel = Model.newInstance("fresh", "PyTorch")) {
            Block narrow = lbam.buildInto(narrowModel, 0.25, Prefill.NONE, SIZE);
            Block wide = lbam.buildInto(wideModel, 0.375, Prefill.NONE, SIZE);
            Block fresh = lbam.buildInto(freshModel, 0.375, Prefill.NONE, SIZE);
            // running statistics away from their initial 0 and 1, so evaluation mode is not an identity
            forward(narrow, narrowModel.getNDManager(), photo, holes, true);
            Widening.widen(narrow, wide, new Random(3));

            assertEquals(48, ChannelLayout.of(wide).orElseThrow().channelGroups()[1]);
            for (boolean training : new boolean[] {false, true}) {
                float[] before = forward(narrow, narrowModel.getNDManager(), photo, holes, training);
                float[] after = forward(wide, wideModel.getNDManager(), photo, holes, training);
                float[] other = forward(fresh, freshModel.getNDManager(), photo, holes, training);
                assertTrue(maxDifference(before, after) < 2e-4f, "training " + training + ": the widened output departs from "
                        + "the narrow one's by " + maxDifference(before, after));
                assertTrue(maxDifference(before, other) > 1e-2f, "a fresh network of the wider width computes something else: "
                        + maxDifference(before, other));
            }

            // encoder layer 2 reads group 0 (16 channels at 0.25, 24 at 0.375): channel 16 is a copy of channel 0,
            // and each weight reading the pair is split unevenly between them, summing to the narrow weight
            float[] narrowWeight = weight(narrow, "enc2");
            float[] wideWeight = weight(wide, "enc2");
            int kernel = 16;
            float first = wideWeight[kernel * 0];
            float copy = wideWeight[kernel * 16];
            assertEquals(narrowWeight[0], first + copy, 1e-6f);
            assertTrue(Math.abs(first - copy) > 1e-4f * Math.abs(narrowWeight[0]), first + " and " + copy);
        }
    }

    @Test
    void widerThanTwiceNarrowerOrANetworkWithoutALayoutIsRefusedNamingInitFrom() {
        LbamArchitecture lbam = new LbamArchitecture();
        try (Model a = Model.newInstance("a", "PyTorch"); Model b = Model.newInstance("b", "PyTorch");
             Model c = Model.newInstance("c", "PyTorch"); Model d = Model.newInstance("d", "PyTorch")) {
            Block quarter = lbam.buildInto(a, 0.125, Prefill.NONE, SIZE);
            Block threeEighths = lbam.buildInto(b, 0.375, Prefill.NONE, SIZE);
            InpaintException tripled = assertThrows(InpaintException.class, () -> Widening.widen(quarter, threeEighths, new Random(1)));
            assertEquals("initFrom", tripled.field());
            assertTrue(tripled.getMessage().contains("at most twice"), tripled.getMessage());
            InpaintException narrowed = assertThrows(InpaintException.class, () -> Widening.widen(threeEighths, quarter, new Random(1)));
            assertEquals("initFrom", narrowed.field());

            CsaArchitecture csa = new CsaArchitecture();
            Block csaNarrow = csa.buildInto(c, 0.125, Prefill.NONE, 64);
            Block csaWide = csa.buildInto(d, 0.25, Prefill.NONE, 64);
            InpaintException noLayout = assertThrows(InpaintException.class, () -> Widening.widen(csaNarrow, csaWide, new Random(1)));
            assertEquals("initFrom", noLayout.field());
            assertTrue(noLayout.getMessage().contains("no channel layout"), noLayout.getMessage());
        }
    }

    private static float[] forward(Block block, NDManager manager, List<RgbImage> photo, List<Mask> holes, boolean training) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray mask = Tensors.masks(scope, holes);
            NDArray image = Tensors.images(scope, photo).mul(mask.neg().add(1));
            NDList out = block.forward(new ParameterStore(scope, false), new NDList(image, mask), training);
            return out.get(0).toFloatArray();
        }
    }

    private static float[] weight(Block block, String layer) {
        return block.getParameters().stream()
                .filter(p -> p.getKey().contains(layer) && p.getKey().endsWith("conv_weight") && !p.getKey().contains("mask"))
                .findFirst().orElseThrow().getValue().getArray().toFloatArray();
    }

    private static float maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
