package org.inpaint.inference.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.inpaint.core.Inpainter;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every neural engine through the engine SPI: not ready without weights (saying why), ready once a version is in
 * the weight store, and then served like any engine: any image size (padded to the network's multiple and cropped
 * back), known pixels exact through the Inpainter, several images in one call.
 */
class NeuralEngineIntegrationTest {

    static Stream<NeuralEngineProvider> providers() {
        return StreamSupport.stream(ServiceLoader.load(EngineProvider.class).spliterator(), false)
                .filter(p -> p instanceof NeuralEngineProvider).map(p -> (NeuralEngineProvider) p);
    }

    @AfterEach
    void clearStore() {
        System.clearProperty(WeightStore.LOCATION_PROPERTY);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void servedFromTheWeightStoreWithKnownPixelsExact(NeuralEngineProvider provider, @TempDir Path store) {
        System.setProperty(WeightStore.LOCATION_PROPERTY, store.toString());
        assertFalse(provider.info().ready());
        assertTrue(provider.info().status().contains("no trained weights"), provider.info().status());

        NetworkArchitecture arch = provider.architecture();
        int size = Math.max(64, arch.sizeMultiple());
        try (Model model = Model.newInstance(arch.name(), "PyTorch")) {
            Block block = arch.buildInto(model, 0.25, size);
            new WeightStore(store).save(arch.name(), block, new ModelCard(arch.name(), arch.paper(), 0.25, size, 0,
                    "untrained (test)", 0, "test", Map.of(), List.of()));
        }
        assertTrue(provider.info().ready(), provider.info().status());
        assertEquals(size, provider.info().workingSize());

        RgbImage photo = ImageCodec.withDefaults().decode(Samples.photo(Samples.photoNamed("orange")), "p").image();
        RgbImage img = photo.crop(new Rect(50, 60, size + 21, size + 7));
        Mask mask = Mask.ofBoxes(img.width(), img.height(), List.of(new Rect(20, 15, 25, 20)));
        try (Inpainter inpainter = new Inpainter(provider.create())) {
            List<RgbImage> out = inpainter.inpaintAll(List.of(new EngineInput(img, mask), new EngineInput(img, mask),
                    new EngineInput(img, mask)));
            assertEquals(3, out.size());
            for (RgbImage o : out) {
                assertEquals(img.width(), o.width());
                assertEquals(img.height(), o.height());
                for (int y = 0; y < img.height(); y++) {
                    for (int x = 0; x < img.width(); x++) {
                        if (!mask.isHole(x, y)) {
                            assertEquals(img.get(x, y, 2), o.get(x, y, 2));
                        }
                    }
                }
            }
            assertEquals(out.get(0), out.get(1), "the same input gives the same output within a batch");
        }
    }

    /**
     * A card that says "prefill": "ns" makes the engine fill the holes with Navier-Stokes first and serve the network
     * as a residual over it: before training the engine's output is the NS fill, pixel for pixel.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void aPrefilledNetworkServesItsClassicalFillBeforeTraining(NeuralEngineProvider provider, @TempDir Path store) {
        System.setProperty(WeightStore.LOCATION_PROPERTY, store.toString());
        NetworkArchitecture arch = provider.architecture();
        int size = Math.max(64, arch.sizeMultiple());
        try (Model model = Model.newInstance(arch.name(), "PyTorch")) {
            Block block = arch.buildInto(model, 0.25, Prefill.NS, size);
            new WeightStore(store).save(arch.name(), block, new ModelCard(arch.name(), arch.paper(), 0.25, size, 0,
                    "untrained (test)", 0, "test", Map.of(), List.of(), "ns"));
        }
        RgbImage photo = ImageCodec.withDefaults().decode(Samples.photo(Samples.photoNamed("orange")), "p").image();
        RgbImage img = photo.crop(new Rect(40, 30, size, size));
        Mask mask = Mask.ofBoxes(img.width(), img.height(), List.of(new Rect(size / 4, size / 3, size / 3, size / 4)));
        EngineInput input = new EngineInput(img, mask);
        RgbImage ns = Prefill.NS.apply(List.of(img), List.of(mask)).get(0);
        try (InpaintEngine engine = provider.create()) {
            RgbImage out = engine.inpaint(List.of(input)).get(0);
            int differing = 0;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    for (int c = 0; c < 3; c++) {
                        if (mask.isHole(x, y) && out.get(x, y, c) != ns.get(x, y, c)) {
                            differing++;
                        }
                    }
                }
            }
            assertEquals(0, differing, "hole values that differ from the Navier-Stokes fill");
        }
    }
}
