// How a two-stage network's coarse output compares with its refined output and with Navier-Stokes, per hole bin, on
// the eval's seeded free-form holes: whole-image PSNR and rim roughness after a hard paste (no feather).
// Run against the built jar, with the served version of NETWORK (or -Dinpaint.models.dir=DIR for another):
//   java -cp app/target/inpaint.jar scripts/probes/CoarseStage.java ../shared/data/photos/val 12 deepfill
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.quality.Quality;
import org.inpaint.inference.neural.NeuralEngine;
import org.inpaint.training.eval.Evaluation;
import org.inpaint.training.masks.HoleRatioBin;

public class CoarseStage {

    public static void main(String[] args) throws Exception {
        Path photos = Path.of(args[0]);
        int limit = Integer.parseInt(args[1]);
        String network = args[2];
        ImageCodec codec = ImageCodec.withDefaults();
        List<Evaluation.Sample> samples = new ArrayList<>();
        try (var files = Files.list(photos)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.matches("(?i).*\\.(jpe?g|png)$") && samples.size() < limit) {
                    samples.add(new Evaluation.Sample(name, codec.read(p, name).image()).limitedTo(256));
                }
            }
        }
        EngineRegistry registry = EngineRegistry.load();
        Map<String, double[]> sums = new TreeMap<>();
        try (NeuralEngine net = (NeuralEngine) registry.create(network); InpaintEngine ns = registry.create("ns")) {
            for (Evaluation.Case c : Evaluation.freeFormCases(samples, HoleRatioBin.PAPER_BINS, 2018)) {
                RgbImage truth = c.sample().truth();
                Mask holes = c.mask();
                EngineInput in = new EngineInput(Evaluation.blanked(truth, holes), holes);
                Map<String, NeuralEngine.Auxiliary> aux = new HashMap<>();
                RgbImage refined = net.run(List.of(in), aux).get(0);
                RgbImage coarse = image(aux.get("coarse"), truth.width(), truth.height());
                RgbImage[] fills = {ns.inpaint(List.of(in)).get(0), coarse, refined};
                double[] s = sums.computeIfAbsent(c.group(), k -> new double[7]);
                for (int k = 0; k < 3; k++) {
                    RgbImage pasted = paste(truth, fills[k], holes);
                    s[k] += Quality.rimRoughness(truth, pasted, holes);
                    s[3 + k] += Quality.psnr(truth, pasted, null);
                }
                s[6]++;
            }
        }
        System.out.println("| bin | rim ns | rim coarse | rim refined | PSNR ns | PSNR coarse | PSNR refined |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        sums.forEach((bin, s) -> System.out.printf("| %s | %+.2f | %+.2f | %+.2f | %.2f | %.2f | %.2f |%n",
                bin, s[0] / s[6], s[1] / s[6], s[2] / s[6], s[3] / s[6], s[4] / s[6], s[5] / s[6]));
    }

    /** An (1, 3, H', W') output in [-1, 1], padded to the network's size multiple, cropped back to w × h. */
    static RgbImage image(NeuralEngine.Auxiliary a, int w, int h) {
        int ph = (int) a.shape()[2], pw = (int) a.shape()[3];
        byte[] rgb = new byte[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = a.data()[c * pw * ph + y * pw + x];
                    rgb[3 * (y * w + x) + c] = (byte) Math.max(0, Math.min(255, Math.round((v + 1) * 127.5f)));
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    static RgbImage paste(RgbImage truth, RgbImage fill, Mask holes) {
        RgbImage out = truth.copy();
        for (int i = 0; i < holes.width() * holes.height(); i++) {
            if (holes.data()[i] != 0) {
                for (int c = 0; c < 3; c++) {
                    out.data()[3 * i + c] = fill.data()[3 * i + c];
                }
            }
        }
        return out;
    }
}
