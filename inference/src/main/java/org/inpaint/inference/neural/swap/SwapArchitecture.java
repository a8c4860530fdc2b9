package org.inpaint.inference.neural.swap;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import ai.djl.nn.Block;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.HeadSkip;
import org.inpaint.inference.neural.LayerPlan;
import org.inpaint.inference.neural.Normalisation;

/**
 * Semantic-wise attention propagation guided by coherence priors of semantics and textures (Liao et al., CVPR
 * 2021). The number of segmentation classes k is a parameter: the paper uses its datasets' label sets (8 for
 * Outdoor Scenes, 20 for Cityscapes); we train on unsupervised pseudo-labels, 8 by default.
 */
public final class SwapArchitecture implements NetworkArchitecture {

    public static final int DEFAULT_CLASSES = 8;

    private final int classes;

    public SwapArchitecture() {
        this(DEFAULT_CLASSES);
    }

    public SwapArchitecture(int classes) {
        this.classes = classes;
    }

    public int classes() {
        return classes;
    }

    private static final Pattern OUTPUT_LAYER = Pattern.compile("\\d+image5_(weight|bias)");

    @Override
    public Pattern outputLayer() {
        return OUTPUT_LAYER;
    }

    @Override
    public String name() {
        return "swap";
    }

    @Override
    public String paper() {
        return "L. Liao, J. Xiao, Z. Wang, C.-W. Lin, S. Satoh: Image Inpainting Guided by Coherence Priors of "
                + "Semantics and Textures (CVPR 2021)";
    }

    @Override
    public Block build(double width) {
        return new SwapNetwork(width, classes, LayerPlan.AS_BUILT);
    }

    /** Our layer plan as built, or with instance normalisation after every convolution of the encoder and the SWAP modules. */
    @Override
    public Set<Normalisation> normalisations() {
        return EnumSet.allOf(Normalisation.class);
    }

    @Override
    public List<String> layerPlanDeviations(LayerPlan plan) {
        requireOffered(plan);
        List<String> lines = new ArrayList<>();
        if (plan.normalisation() == Normalisation.INSTANCE) {
            lines.add("Parameter-free instance normalisation after every convolution of the encoder and the attention "
                    + "modules (the paper gives no layer plan): without it, trained as a residual over the prefill, the output "
                    + "head saturated at rates from 1e-3 up.");
        }
        if (plan.headSkip() == HeadSkip.ENCODER) {
            lines.add("Every image head reads the encoder's feature of its scale beside the decoder's: the attention pastes "
                    + "known features over the holes at every decoder scale, so without it the residual head never sees the "
                    + "prefill it corrects there.");
        }
        return lines;
    }

    /** Image heads that read the decoder's feature only, or the encoder's of the same scale too. */
    @Override
    public Set<HeadSkip> headSkips() {
        return EnumSet.of(HeadSkip.NONE, HeadSkip.ENCODER);
    }

    @Override
    public Block build(double width, LayerPlan plan) {
        requireOffered(plan);
        return new SwapNetwork(width, classes, plan);
    }

    /** Four downsamplings (the 1/16 bottleneck of five scales). */
    @Override
    public int sizeMultiple() {
        return 16;
    }

    @Override
    public int defaultSize() {
        return 256;
    }
}
