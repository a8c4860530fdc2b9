package org.inpaint.ingest.mask;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.video.BackgroundModel;
import org.inpaint.core.video.SceneBackground;

/**
 * Mask providers from the forms users give: boxes, polygon JSON, a mask image, or motion (optionally within
 * boxes). Geometry is sized on the stream's first frame, since a stream's frame size is known only then.
 */
public final class Masks {

    private Masks() {
    }

    public static MaskProvider boxes(List<String> boxes, String field) {
        return new Deferred((w, h) -> new StaticMask(MaskCodec.fromBoxes(w, h, boxes, field)), Optional.empty());
    }

    public static MaskProvider json(String json, String field) {
        return new Deferred((w, h) -> new StaticMask(MaskCodec.fromJson(w, h, json, field)), Optional.empty());
    }

    /** A mask image; decoded now, so a bad file fails at once rather than on the first frame. */
    public static MaskProvider image(byte[] bytes, String field) {
        return new StaticMask(new MaskCodec(ImageCodec.withDefaults()).decodeImage(bytes, field));
    }

    public static MaskProvider motion(List<String> region, String field) {
        return motion(region, field, false);
    }

    /** Motion against a still camera's background, or a panning and zooming one's panorama. */
    public static MaskProvider motion(List<String> region, String field, boolean movingCamera) {
        MotionMasker.Settings s = MotionMasker.Settings.defaults();
        SceneBackground model = SceneBackground.of(movingCamera, BackgroundModel.Settings.defaults());
        if (region == null || region.isEmpty()) {
            return new MotionMasker(s, model);
        }
        return new Deferred((w, h) -> new MotionMasker(s.withRegion(MaskCodec.fromBoxes(w, h, region, field)), model),
                Optional.of(model));
    }

    /** Motion, kept only inside a painted region (a mask image of the frames' size, white = watched). */
    public static MaskProvider motionWithin(byte[] regionImage, String field) {
        Mask region = new MaskCodec(ImageCodec.withDefaults()).decodeImage(regionImage, field);
        return new MotionMasker(MotionMasker.Settings.defaults().withRegion(region));
    }

    /** Builds the real provider from the first frame's size. */
    private static final class Deferred implements MaskProvider {
        private final BiFunction<Integer, Integer, MaskProvider> factory;
        private final Optional<SceneBackground> background;
        private MaskProvider delegate;

        Deferred(BiFunction<Integer, Integer, MaskProvider> factory, Optional<SceneBackground> background) {
            this.factory = factory;
            this.background = background;
        }

        @Override
        public Optional<SceneBackground> background() {
            return background;
        }

        @Override
        public synchronized void prime(List<RgbImage> samples, long[] indices) {
            if (!samples.isEmpty()) {
                if (delegate == null) {
                    delegate = factory.apply(samples.get(0).width(), samples.get(0).height());
                }
                delegate.prime(samples, indices);
            }
        }

        @Override
        public synchronized Mask maskFor(RgbImage frame) {
            if (delegate == null) {
                delegate = factory.apply(frame.width(), frame.height());
            }
            return delegate.maskFor(frame);
        }

        @Override
        public synchronized void close() {
            if (delegate != null) {
                delegate.close();
            }
        }
    }
}
