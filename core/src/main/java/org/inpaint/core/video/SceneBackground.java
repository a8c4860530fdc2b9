package org.inpaint.core.video;

import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * What a stream's camera sees behind the objects, learnt from the pixels the holes leave known: per pixel for a
 * still camera ({@link BackgroundModel}), or on a panorama for a panning and zooming one
 * ({@link #movingCamera()}). Motion masks are found against it and holes are filled from it. One per stream; not
 * thread-safe.
 */
public interface SceneBackground extends AutoCloseable {

    /**
     * One frame against the background: the frame's fitted exposure and the background rendered in it, in the
     * frame's pixels. {@code trusted} is false while too little has been seen for the background to mean anything.
     * {@code compared} is the frame resampled the way the background was (the frame itself for a still camera; for a
     * moving one, through the panorama and back, so both carry the same blur), what motion is found against;
     * {@code unknown} holds the pixels whose background has never been seen (null when there are none).
     */
    record View(RgbImage frame, Exposure exposure, RgbImage background, boolean trusted, RgbImage compared, Mask unknown) {

        /** A still camera's view: the frame is compared as it is. */
        public View(RgbImage frame, Exposure exposure, RgbImage background, boolean trusted, Mask unknown) {
            this(frame, exposure, background, trusted, frame, unknown);
        }
    }

    /** A still camera's background. */
    static SceneBackground staticCamera(BackgroundModel.Settings settings) {
        return new BackgroundModel(settings);
    }

    /** The background for a still or a moving camera. */
    static SceneBackground of(boolean movingCamera, BackgroundModel.Settings settings) {
        return movingCamera ? movingCamera(settings) : staticCamera(settings);
    }

    /** A panning and zooming camera's background: each frame registered to the first, the model on a panorama. */
    static SceneBackground movingCamera(BackgroundModel.Settings settings) {
        return new PanoramaBackground(settings);
    }

    boolean isPrimed();

    /** True when pixel (x, y) of every frame shows the same point of the scene (a still camera). */
    default boolean framesAligned() {
        return true;
    }

    /** Frames observed so far. */
    long observed();

    /**
     * Starts the background from frames sampled across a file, in order, leaving out their holes ({@code holes} may
     * be null or hold nulls). A moving camera's background uses them only when they are close enough together to be
     * registered one to the next ({@code indices}, their frame numbers, tell); otherwise it learns as the stream goes.
     */
    void prime(List<RgbImage> frames, List<Mask> holes, long[] indices);

    /**
     * The background as this frame shows it; {@code exclude} hints where objects are (the previous frame's holes,
     * or null). The view of the last frame asked for is kept, so the masker and the fill share one.
     */
    View view(RgbImage frame, Mask exclude);

    /** Learns from the frame's pixels outside the holes. */
    void observe(RgbImage frame, Mask holes);

    /** The hole pixels of this (observed) frame whose background was seen within the last {@code maxAge} frames. */
    Mask fillable(RgbImage frame, Mask holes, long maxAge);

    /** Releases native state (a moving camera's feature detector); nothing by default. */
    @Override
    default void close() {
    }
}
