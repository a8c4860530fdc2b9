package org.inpaint.core.quality;

/** The papers' measures for one output: L1 and L2 in %, PSNR in dB, SSIM, total variation in %. */
public record QualityReport(double l1Percent, double l2Percent, double psnr, double ssim, double tvPercent) {
}
