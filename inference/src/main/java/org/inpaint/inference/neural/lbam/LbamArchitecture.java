package org.inpaint.inference.neural.lbam;

import java.util.regex.Pattern;
import ai.djl.nn.Block;
import org.inpaint.inference.neural.NetworkArchitecture;

/**
 * Learnable Bidirectional Attention Maps (Xie et al., ICCV 2019): a 14-layer U-Net without bottleneck whose first
 * six encoder layers are re-normalised by learnable forward attention maps and whose first six decoder layers
 * (layers 8–13 of 14) by forward plus learnable reverse attention maps.
 */
public final class LbamArchitecture implements NetworkArchitecture {

    /** Output channels of the seven encoder layers at width 1 (the decoder mirrors them). */
    static final int[] ENCODER_CHANNELS = {64, 128, 256, 512, 512, 512, 512};

    private static final Pattern OUTPUT_LAYER = Pattern.compile("\\d+dec14_weight");

    @Override
    public Pattern outputLayer() {
        return OUTPUT_LAYER;
    }

    @Override
    public String name() {
        return "lbam";
    }

    @Override
    public String paper() {
        return "C. Xie, S. Liu, C. Li, M.-M. Cheng, W. Zuo, X. Liu, S. Wen, E. Ding: "
                + "Image Inpainting with Learnable Bidirectional Attention Maps, ICCV 2019";
    }

    @Override
    public Block build(double width) {
        int[] channels = new int[ENCODER_CHANNELS.length];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = NetworkArchitecture.scaled(ENCODER_CHANNELS[i], width);
        }
        return new LbamGenerator(channels);
    }

    /** Seven stride-2 layers: the sides must halve seven times. */
    @Override
    public int sizeMultiple() {
        return 128;
    }

    @Override
    public int defaultSize() {
        return 256;
    }
}
