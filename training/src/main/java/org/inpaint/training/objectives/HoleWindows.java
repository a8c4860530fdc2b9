package org.inpaint.training.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;

/**
 * A fixed-size window around each sample's hole, for a local critic: centred on the hole's bounding box and
 * shifted to stay inside the image (DeepFill's local critic sees the hole region; with rectangles of at most half
 * the side, a window of half the side always contains the hole).
 */
final class HoleWindows {

    private final List<Rect> windows;

    private HoleWindows(List<Rect> windows) {
        this.windows = windows;
    }

    static HoleWindows of(List<Mask> masks, int side) {
        List<Rect> windows = new ArrayList<>(masks.size());
        for (Mask m : masks) {
            Rect hole = m.holeBounds();
            int cx = hole == null ? m.width() / 2 : hole.x() + hole.width() / 2;
            int cy = hole == null ? m.height() / 2 : hole.y() + hole.height() / 2;
            int x = Math.max(0, Math.min(m.width() - side, cx - side / 2));
            int y = Math.max(0, Math.min(m.height() - side, cy - side / 2));
            windows.add(new Rect(x, y, side, side));
        }
        return new HoleWindows(windows);
    }

    List<Rect> windows() {
        return windows;
    }

    /** Each sample's window of {@code x} (N, C, H, W), stacked to (N, C, side, side); differentiable. */
    NDArray crop(NDArray x) {
        NDList parts = new NDList(windows.size());
        for (int n = 0; n < windows.size(); n++) {
            Rect r = windows.get(n);
            parts.add(x.get(new NDIndex("{}:{}, :, {}:{}, {}:{}", n, n + 1, r.y(), r.bottom(), r.x(), r.right())));
        }
        return NDArrays.concat(parts, 0);
    }
}
