package org.inpaint.training.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * When a newly trained version may replace the served one: its whole-image PSNR must be above the classical floor
 * (Navier-Stokes) at every hole-ratio bin, and, when a version is already served, above that version's mean over
 * the bins by at least a minimum gain and not rougher along the holes' rims (a seam, which PSNR barely sees), all
 * measured in one evaluation run (the same photos and holes).
 */
public final class Promotion {

    /**
     * The default least gain over the served version, dB over the bins: the loss that float16 storage may cost and
     * still count as none. A smaller gain is within what another set of photos would reverse, and every version
     * adds its weights (tens of megabytes) to the repository.
     */
    public static final double MIN_GAIN_DB = 0.05;

    /**
     * The most a candidate's rim roughness ({@code Quality.rimRoughness}, mean over the bins) may exceed the served
     * version's, grey levels: a seam traced along the hole's edge shows at 100 % in a flat sky while costing a few
     * hundredths of a dB. Four times what one more PSNR cycle moved it (deepfill v0004 to v0005, +0.05).
     */
    public static final double MAX_ROUGHENING = 0.2;

    private Promotion() {
    }

    /** One bin: the floor's, the served version's (if any) and the candidate's mean PSNR. */
    public record Margin(String bin, double floor, OptionalDouble served, double candidate) {

        /** The candidate's gain over the floor, dB. */
        public double overFloor() {
            return candidate - floor;
        }
    }

    /** Whether to promote, the margins per bin, and why, in words. */
    public record Verdict(boolean promote, List<Margin> margins, String reason) {
    }

    /**
     * @param floor     the floor engine's name in the rows ("ns")
     * @param served    the served version's name in the rows, or null when none is served
     * @param candidate the candidate's name in the rows
     */
    public static Verdict judge(List<EvalRow> rows, String floor, String served, String candidate) {
        return judge(rows, floor, served, candidate, MIN_GAIN_DB);
    }

    /** As {@link #judge(List, String, String, String)}, with {@code minGain} dB the least gain over the served version. */
    public static Verdict judge(List<EvalRow> rows, String floor, String served, String candidate, double minGain) {
        Map<String, Double> floorPsnr = psnrByBin(rows, floor);
        Map<String, Double> servedPsnr = served == null ? Map.of() : psnrByBin(rows, served);
        Map<String, Double> candidatePsnr = psnrByBin(rows, candidate);
        if (candidatePsnr.isEmpty() || !candidatePsnr.keySet().equals(floorPsnr.keySet())) {
            throw new IllegalArgumentException("the rows need " + candidate + " and " + floor + " in the same bins, got "
                    + candidatePsnr.keySet() + " and " + floorPsnr.keySet());
        }
        if (served != null && !servedPsnr.keySet().equals(candidatePsnr.keySet())) {
            throw new IllegalArgumentException("the rows need " + served + " in the bins of " + candidate);
        }
        List<Margin> margins = new ArrayList<>();
        List<String> belowFloor = new ArrayList<>();
        double candidateSum = 0, servedSum = 0;
        for (Map.Entry<String, Double> e : candidatePsnr.entrySet()) {
            String bin = e.getKey();
            Double s = servedPsnr.get(bin);
            Margin m = new Margin(bin, floorPsnr.get(bin), s == null ? OptionalDouble.empty() : OptionalDouble.of(s), e.getValue());
            margins.add(m);
            if (m.overFloor() <= 0) {
                belowFloor.add(String.format(Locale.ROOT, "%s (%+.2f dB)", bin, m.overFloor()));
            }
            candidateSum += e.getValue();
            servedSum += s == null ? 0 : s;
        }
        int bins = margins.size();
        double worst = margins.stream().mapToDouble(Margin::overFloor).min().orElseThrow();
        if (!belowFloor.isEmpty()) {
            return new Verdict(false, margins, candidate + " is not above " + floor + " at " + String.join(", ", belowFloor));
        }
        double gain = (candidateSum - servedSum) / bins;
        if (served != null && (gain <= 0 || gain < minGain)) {
            return new Verdict(false, margins, String.format(Locale.ROOT,
                    "%s is above %s at every bin (by %+.2f dB at least) but not better than %s by %.2f dB: %.2f against %.2f dB over the bins (%+.3f)",
                    candidate, floor, worst, served, minGain, candidateSum / bins, servedSum / bins, gain));
        }
        if (served != null) {
            double roughening = meanRimRoughness(rows, candidate) - meanRimRoughness(rows, served);
            if (roughening > MAX_ROUGHENING) {
                return new Verdict(false, margins, String.format(Locale.ROOT,
                        "%s is above %s at every bin and better than %s by %+.3f dB over the bins, but rougher along the holes' "
                                + "rims by %+.2f grey levels (rim roughness, at most %+.2f): a seam at the hole's edge",
                        candidate, floor, served, gain, roughening, MAX_ROUGHENING));
            }
        }
        return new Verdict(true, margins, String.format(Locale.ROOT, "%s is above %s at every bin, by %+.2f dB at least%s",
                candidate, floor, worst, served == null ? ", and no version is served yet" : String.format(Locale.ROOT,
                        ", and better than %s over the bins: %.2f against %.2f dB", served, candidateSum / bins, servedSum / bins)));
    }

    /** The mean over the bins where it is defined; 0 when it is nowhere (a box-only run, say), which never refuses. */
    private static double meanRimRoughness(List<EvalRow> rows, String engine) {
        return rows.stream().filter(r -> r.engine().equals(engine)).mapToDouble(EvalRow::rimRoughness)
                .filter(Double::isFinite).average().orElse(0);
    }

    private static Map<String, Double> psnrByBin(List<EvalRow> rows, String engine) {
        Map<String, Double> m = new LinkedHashMap<>();
        rows.stream().filter(r -> r.engine().equals(engine)).forEach(r -> m.put(r.group(), r.psnr()));
        return m;
    }
}
