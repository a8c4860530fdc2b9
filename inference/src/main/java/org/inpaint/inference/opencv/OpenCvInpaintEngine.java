package org.inpaint.inference.opencv;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_photo;
import org.bytedeco.opencv.opencv_core.Mat;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.OpenCvImages;

/**
 * OpenCV's {@code photo.inpaint}: Telea's fast marching method (2004) or the Navier-Stokes method of
 * Bertalmio et al. (2001). Both propagate colour from the hole's border inwards; they are the diffusion
 * baselines of the papers' comparisons.
 */
public final class OpenCvInpaintEngine implements InpaintEngine {

    /** The two algorithms of {@code photo.inpaint}. */
    public enum Method {
        TELEA("telea", opencv_photo.INPAINT_TELEA, "OpenCV fast marching inpainting (Telea 2004)"),
        NAVIER_STOKES("ns", opencv_photo.INPAINT_NS, "OpenCV Navier-Stokes inpainting (Bertalmio et al. 2001)");

        final String engineName;
        final int flag;
        final String description;

        Method(String engineName, int flag, String description) {
            this.engineName = engineName;
            this.flag = flag;
            this.description = description;
        }

        public EngineInfo info() {
            return EngineInfo.classical(engineName, description, 0);
        }
    }

    /** The neighbourhood radius the served engines and the networks' prefill use. */
    public static final double DEFAULT_RADIUS = 5;

    private final Method method;
    private final double radius;

    public OpenCvInpaintEngine(Method method, double radius) {
        this.method = method;
        this.radius = radius;
    }

    @Override
    public EngineInfo info() {
        return method.info();
    }

    @Override
    public List<RgbImage> inpaint(List<EngineInput> batch) {
        List<RgbImage> out = new ArrayList<>(batch.size());
        for (EngineInput in : batch) {
            try (PointerScope scope = new PointerScope()) {
                Mat src = OpenCvImages.toBgrMat(in.image());
                Mat holes = OpenCvImages.toHoleMat(in.mask());
                Mat dst = new Mat();
                opencv_photo.inpaint(src, holes, dst, radius, method.flag);
                out.add(OpenCvImages.fromBgrMat(dst));
            }
        }
        return out;
    }
}
