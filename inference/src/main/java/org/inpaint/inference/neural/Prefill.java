package org.inpaint.inference.neural;

import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.Labels;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.opencv.OpenCvInpaintEngine;

/**
 * What a network sees in the holes before it runs. The papers feed zeros ({@link #NONE}); with a classical prefill
 * the holes are first filled by OpenCV's diffusion (Navier-Stokes or Telea, radius 5 as the served engines), and
 * the network predicts a residual over it ({@link PrefilledResidual}), so an untrained network already scores
 * what diffusion scores and training only has to add what diffusion lacks.
 */
public enum Prefill {
    NONE(null),
    NS(OpenCvInpaintEngine.Method.NAVIER_STOKES),
    TELEA(OpenCvInpaintEngine.Method.TELEA);

    private final OpenCvInpaintEngine.Method method;

    Prefill(OpenCvInpaintEngine.Method method) {
        this.method = method;
    }

    /** The setting's name in cards, configuration and flags: "none", "ns", "telea". */
    public String label() {
        return Labels.of(this);
    }

    /** The setting for a label; null or blank means {@link #NONE} (cards written before prefill existed). */
    public static Prefill of(String label) {
        return Labels.parse(Prefill.class, label, NONE, "prefill", "prefill");
    }

    /** The images with their holes filled classically; with {@link #NONE}, the images unchanged. */
    public List<RgbImage> apply(List<RgbImage> images, List<Mask> holes) {
        if (method == null) {
            return images;
        }
        List<EngineInput> inputs = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            inputs.add(new EngineInput(images.get(i), holes.get(i)));
        }
        return new OpenCvInpaintEngine(method, OpenCvInpaintEngine.DEFAULT_RADIUS).inpaint(inputs);
    }
}
