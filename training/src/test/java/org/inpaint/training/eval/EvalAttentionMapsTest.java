package org.inpaint.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.NeuralEngineProvider;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attention maps through the engine registry, as the CLI gets them. The weights are untrained (a narrow DeepFill
 * saved to a temporary store), so only the form of the output is checked, not what it attends to.
 */
class EvalAttentionMapsTest {

    private static final ImageCodec CODEC = ImageCodec.withDefaults();

    @AfterEach
    void clearStore() {
        System.clearProperty(WeightStore.LOCATION_PROPERTY);
    }

    @Test
    void panelsOfInputFillAndAttentionForEachPhoto(@TempDir Path store, @TempDir Path out) {
        System.setProperty(WeightStore.LOCATION_PROPERTY, store.toString());
        NeuralEngineProvider deepfill = StreamSupport.stream(ServiceLoader.load(EngineProvider.class).spliterator(), false)
                .filter(p -> p.name().equals("deepfill")).map(p -> (NeuralEngineProvider) p).findFirst().orElseThrow();
        NetworkArchitecture arch = deepfill.architecture();
        try (Model model = Model.newInstance(arch.name(), "PyTorch")) {
            Block block = arch.buildInto(model, 0.25, 64);
            new WeightStore(store).save(arch.name(), block, new ModelCard(arch.name(), arch.paper(), 0.25, 64, 0,
                    "untrained (test)", 0, "test", Map.of(), List.of()));
        }
        List<Evaluation.Sample> samples = Samples.photos().subList(0, 2).stream()
                .map(n -> new Evaluation.Sample(n, CODEC.decode(Samples.photo(n), n).image())).toList();
        EngineSelection engines = EngineSelection.resolve(EngineRegistry.load(), List.of("deepfill"), false);

        List<Path> written = AttentionMaps.write(samples, engines, out, CODEC, s -> { });

        assertEquals(2, written.size());
        for (int i = 0; i < 2; i++) {
            String base = samples.get(i).name().substring(0, samples.get(i).name().lastIndexOf('.'));
            assertEquals(out.resolve(base + "__deepfill.png"), written.get(i));
            RgbImage small = samples.get(i).limitedTo(64).truth();
            RgbImage panel = CODEC.read(written.get(i), "panel").image();
            assertEquals(small.height(), panel.height());
            assertEquals(3 * small.width() + 8, panel.width());
            Mask hole = Studies.centredSquare(small.width(), small.height(), AttentionMaps.HOLE_SIDE);
            int x0 = 2 * (small.width() + 4);
            for (int y = 0; y < small.height(); y++) {
                for (int x = 0; x < small.width(); x++) {
                    if (hole.isHole(x, y)) {
                        assertEquals(Evaluation.BLANK, panel.get(x, y, 1), "the input panel shows the hole grey");
                    } else {
                        assertEquals(small.get(x, y, 1), panel.get(small.width() + 4 + x, y, 1), "the fill keeps known pixels");
                        assertEquals(255, panel.get(x0 + x, y, 0), "the attention map is white on known pixels");
                    }
                }
            }
        }
    }

    @Test
    void anEngineWithoutAttentionIsAnError(@TempDir Path out) {
        EngineSelection telea = EngineSelection.resolve(EngineRegistry.load(), List.of("telea"), false);
        Evaluation.Sample s = new Evaluation.Sample("p.jpg", RgbImage.blank(32, 32));
        InpaintException e = assertThrows(InpaintException.class, () -> AttentionMaps.write(List.of(s), telea, out, CODEC, x -> { }));
        assertTrue(e.getMessage().contains("engine 'telea' has no attention map"), e.getMessage());
    }
}
