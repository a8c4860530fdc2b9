package org.inpaint.inference.auto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.image.Mask;
import org.inpaint.inference.neural.NeuralEngineProvider;
import org.inpaint.inference.neural.weights.ModelCard;

/**
 * The engine {@code "auto"} stands for: per request, the network whose served version measured best on the
 * validation photos for the request's hole ratio, provided it measured above OpenCV Navier-Stokes in the same
 * evaluation; otherwise Navier-Stokes. The figures come from the model cards ({@code ./inpaint eval --record}
 * writes each network's {@code psnr_<bin>} and the classical engines of the same run as
 * {@code ref:<engine>:psnr_<bin>}), read once when the choice is built.
 */
public final class AutoEngine {

    /** The name requests use. */
    public static final String NAME = "auto";
    /** The floor every network must beat, and the choice when none does. */
    public static final String FLOOR = "ns";

    private static final Pattern BIN = Pattern.compile("\\((\\d*\\.?\\d+),(\\d*\\.?\\d+)]");

    /** One hole-ratio bin: the network that measured best there and its margin over the floor, or none. */
    public record Bin(double lo, double hi, String engine, double gainDb) {

        public String label() {
            return String.format(Locale.ROOT, "(%s,%s]", trim(lo), trim(hi));
        }

        private static String trim(double v) {
            return Double.toString(v).replaceAll("0+$", "").replaceAll("\\.$", "");
        }
    }

    /** What was chosen, and why, in words for a header, a log or the UI. */
    public record Choice(String engine, String reason) {
    }

    private final List<Bin> bins;
    private final String floor;

    AutoEngine(List<Bin> bins, String floor) {
        this.bins = List.copyOf(bins);
        this.floor = floor;
    }

    /** The choice table of the registry's ready networks, from their served cards. */
    public static AutoEngine from(EngineRegistry registry) {
        List<Bin> table = new ArrayList<>();
        for (String name : registry.names()) {
            EngineProvider p = registry.provider(name);
            if (!(p instanceof NeuralEngineProvider network) || !p.info().ready()) {
                continue;
            }
            Optional<ModelCard> card = network.weights().map(w -> w.card());
            card.ifPresent(c -> merge(table, name, c.metrics()));
        }
        table.sort((a, b) -> Double.compare(a.lo(), b.lo()));
        return new AutoEngine(table, registry.names().contains(FLOOR) ? FLOOR : registry.names().get(0));
    }

    /**
     * Keeps, per measured bin, the network with the largest positive margin over the floor (a bin where none beats
     * it is kept with no engine, so that ratios near it fall to the floor).
     */
    static void merge(List<Bin> table, String engine, Map<String, Double> metrics) {
        for (Map.Entry<String, Double> e : ModelCard.psnrGains(metrics, FLOOR).entrySet()) {
            Matcher m = BIN.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            double lo = Double.parseDouble(m.group(1));
            double hi = Double.parseDouble(m.group(2));
            double gain = e.getValue();
            Bin existing = table.stream().filter(b -> b.lo() == lo && b.hi() == hi).findFirst().orElse(null);
            if (existing == null || (gain > 0 && (existing.engine() == null || gain > existing.gainDb()))) {
                table.remove(existing);
                table.add(gain > 0 ? new Bin(lo, hi, engine, gain) : new Bin(lo, hi, null, 0));
            }
        }
    }

    /** The engine for these holes. */
    public Choice choose(Mask holes) {
        return choose(holes.holeRatio());
    }

    public Choice choose(double holeRatio) {
        Bin bin = binOf(holeRatio);
        if (bin == null || bin.engine() == null) {
            return new Choice(floor, "no network measured above " + FLOOR + " for hole ratio "
                    + String.format(Locale.ROOT, "%.2f", holeRatio));
        }
        return new Choice(bin.engine(), String.format(Locale.ROOT, "%s measured %+.2f dB over %s at hole ratio %s on the "
                + "validation photos", bin.engine(), bin.gainDb(), FLOOR, bin.label()));
    }

    /** The bin holding the ratio; below the first or above the last, the nearest one. */
    private Bin binOf(double ratio) {
        if (bins.isEmpty()) {
            return null;
        }
        for (Bin b : bins) {
            if (ratio > b.lo() && ratio <= b.hi()) {
                return b;
            }
        }
        return ratio <= bins.get(0).lo() ? bins.get(0) : ratio > bins.get(bins.size() - 1).hi() ? bins.get(bins.size() - 1) : null;
    }

    /** The table, bin by bin, for listings. */
    public List<Bin> bins() {
        return bins;
    }

    /** One line: what auto picks where. */
    public String describe() {
        if (bins.stream().allMatch(b -> b.engine() == null)) {
            return "per request the best measured engine for its hole ratio; now " + FLOOR
                    + " everywhere (no served network measured above it)";
        }
        StringBuilder sb = new StringBuilder("per request the best measured engine for its hole ratio:");
        for (Bin b : bins) {
            sb.append(b.engine() == null ? String.format(Locale.ROOT, " %s %s;", b.label(), floor)
                    : String.format(Locale.ROOT, " %s %s (%+.2f dB over %s);", b.label(), b.engine(), b.gainDb(), FLOOR));
        }
        sb.append(" elsewhere ").append(floor);
        return sb.toString();
    }
}
