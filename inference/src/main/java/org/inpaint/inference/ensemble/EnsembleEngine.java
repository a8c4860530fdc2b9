package org.inpaint.inference.ensemble;

import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.RgbImage;

/**
 * Fills a batch with every member engine and returns the per-pixel mean of their fills. Networks trained apart
 * err apart, so their mean is closer to the truth than the best of them (measured in docs/quality.md, "An
 * ensemble of the networks"). Closing it closes its members.
 */
final class EnsembleEngine implements InpaintEngine {

    private final EngineInfo info;
    private final List<InpaintEngine> members;

    EnsembleEngine(EngineInfo info, List<InpaintEngine> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        this.info = info;
        this.members = List.copyOf(members);
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public List<RgbImage> inpaint(List<EngineInput> batch) {
        List<int[]> sums = new ArrayList<>(batch.size());
        for (EngineInput in : batch) {
            sums.add(new int[in.image().data().length]);
        }
        for (InpaintEngine member : members) {
            List<RgbImage> fills = member.inpaint(batch);
            for (int i = 0; i < batch.size(); i++) {
                RgbImage fill = fills.get(i);
                if (!fill.sameSize(batch.get(i).image())) {
                    throw new IllegalStateException(member.info().name() + " returned " + fill.width() + "x"
                            + fill.height() + " for a " + batch.get(i).image().width() + "x"
                            + batch.get(i).image().height() + " image");
                }
                accumulate(sums.get(i), fill.data());
            }
        }
        List<RgbImage> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            RgbImage image = batch.get(i).image();
            out.add(new RgbImage(image.width(), image.height(), roundedMean(sums.get(i), members.size())));
        }
        return out;
    }

    private static void accumulate(int[] sum, byte[] pixels) {
        for (int k = 0; k < sum.length; k++) {
            sum[k] += pixels[k] & 0xFF;
        }
    }

    static byte[] roundedMean(int[] sum, int count) {
        byte[] mean = new byte[sum.length];
        for (int k = 0; k < sum.length; k++) {
            mean[k] = (byte) ((sum[k] * 2 + count) / (2 * count));
        }
        return mean;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (InpaintEngine member : members) {
            try {
                member.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
