package org.inpaint.training.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.inpaint.core.InpaintException;
import org.inpaint.core.Inpainter;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.Resize;
import org.inpaint.inference.neural.NeuralEngine;

/**
 * Writes what a network with an attention layer (DeepFill's contextual attention, CSA) attends to, as in the
 * contextual-attention paper's Fig. 4: for each image a panel of the input with its hole (grey), the filled
 * image, and the attention map (colour = direction of the offset to the attended patch, saturation = its
 * length, white = no offset or known pixel). Images are scaled to the network's working size first, where the
 * network sees them.
 */
public final class AttentionMaps {

    /** Side of the centred square hole, as a fraction of the short side. */
    public static final double HOLE_SIDE = 0.4;

    private AttentionMaps() {
    }

    /**
     * Writes {@code dir/NAME__ENGINE.png} for every sample and engine.
     *
     * @throws InpaintException BAD_INPUT (field "--engines") for an engine that has no attention map
     */
    public static List<Path> write(List<Evaluation.Sample> samples, EngineSelection engines, Path dir, ImageCodec codec,
                                   Consumer<String> progress) {
        List<Path> written = new ArrayList<>();
        for (EngineSelection.Choice choice : engines.ready()) {
            InpaintEngine engine = choice.factory().get();
            try (Inpainter inpainter = new Inpainter(engine, Studies.WHOLE_IMAGE)) {
                if (!(engine instanceof NeuralEngine network)) {
                    throw InpaintException.badInput("--engines", "engine '" + choice.name()
                            + "' has no attention map: only networks with an attention layer (deepfill, csa) have one");
                }
                for (Evaluation.Sample s : samples) {
                    Evaluation.Sample small = s.limitedTo(engine.info().workingSize());
                    RgbImage truth = small.truth();
                    Mask hole = Studies.centredSquare(truth.width(), truth.height(), HOLE_SIDE);
                    RgbImage input = Evaluation.blanked(truth, hole);
                    RgbImage map = network.attention(new EngineInput(input, hole)).orElseThrow(() -> InpaintException.badInput(
                            "--engines", "engine '" + choice.name() + "' has no attention map: its network exposes no attention flow"));
                    RgbImage filled = inpainter.inpaint(input, hole);
                    Path p = dir.resolve(MaskDirectory.baseName(s.name()) + "__" + choice.name() + ".png");
                    codec.write(p, row(List.of(input, filled, Resize.image(map, truth.width(), truth.height()))));
                    written.add(p);
                    progress.accept(choice.name() + " " + s.name());
                }
            }
        }
        return written;
    }

    /** Images of equal height side by side, 4 white pixels apart. */
    static RgbImage row(List<RgbImage> images) {
        int gap = 4;
        int h = images.get(0).height();
        int w = images.stream().mapToInt(RgbImage::width).sum() + gap * (images.size() - 1);
        RgbImage out = RgbImage.blank(w, h);
        java.util.Arrays.fill(out.data(), (byte) 255);
        int x0 = 0;
        for (RgbImage img : images) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(img.data(), 3 * y * img.width(), out.data(), 3 * (y * w + x0), 3 * img.width());
            }
            x0 += img.width() + gap;
        }
        return out;
    }
}
