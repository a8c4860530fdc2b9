package org.inpaint.ingest.mask;

import java.util.List;
import java.util.Optional;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.video.SceneBackground;

/** Decides the holes of each frame of a stream. An empty mask means "nothing to remove in this frame". */
public interface MaskProvider extends AutoCloseable {

    Mask maskFor(RgbImage frame);

    /**
     * The background model the masks are found against, when there is one (motion masks): the stream learns it
     * from each frame's known pixels and fills holes from it, so masks and fill agree on what the background is.
     */
    default Optional<SceneBackground> background() {
        return Optional.empty();
    }

    /**
     * Whether the holes remove chosen objects and every other moving object must stay, so the fill carries those
     * through the holes along their motion (a selection); false where the holes take whatever moves.
     */
    default boolean keepsOtherObjects() {
        return false;
    }

    /**
     * Learns the scene before the stream starts from frames sampled across a file ({@code indices} are their frame
     * numbers), so that holes and fill are right from the first frame; nothing by default.
     */
    default void prime(List<RgbImage> samples, long[] indices) {
    }

    /** Releases native state (background models); nothing by default. */
    @Override
    default void close() {
    }
}
