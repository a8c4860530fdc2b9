package org.inpaint.app.cli;

import org.inpaint.training.eval.Framing;
import picocli.CommandLine.Option;

/** How the photos of {@code eval} and {@code models promote} are cropped and scaled besides {@code --max-side}. */
public final class CropOptions {

    @Option(names = "--short-side", paramLabel = "PX", description = "Scale images, up or down, so the shorter side is PX "
            + "(instead of --max-side).")
    int shortSide;

    @Option(names = "--crop", paramLabel = "PX", description = "Measure the centre PX×PX square of each image, after any "
            + "scaling (default: the whole image).")
    int crop;

    /** The framing with a longer-side limit of {@code maxSide}; refused naming --short-side when both set the scale. */
    Framing framing(int maxSide) {
        return new Framing(maxSide, shortSide, crop);
    }
}
