package org.inpaint.training.eval;

/**
 * One line of an evaluation table: an engine's mean scores over the images of one group (a hole-ratio bin, or a
 * study's condition). L1, L2, PSNR, SSIM and TV are over the whole image, as the papers report them; the hole-only
 * PSNR and SSIM isolate the fill; the rim roughness is the mean of {@link org.inpaint.core.quality.Quality#rimRoughness} over
 * the images that have a rim and a band inside it (NaN if none): a seam along the holes' edges raises it.
 */
public record EvalRow(String engine, String group, int images, double l1Percent, double l2Percent, double psnr,
                      double ssim, double tvPercent, double psnrHole, double ssimHole, double rimRoughness, double msPerImage) {
}
