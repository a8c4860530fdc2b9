package org.inpaint.inference.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;

/** The ensemble on real engines (OpenCV's two diffusions) and a real photo. */
class EnsembleEngineTest {

    private static final EngineRegistry ENGINES = EngineRegistry.load();

    private static EnsembleProvider of(String... members) {
        return new EnsembleProvider(List.of(members), ENGINES::provider);
    }

    private static EngineInput photoWithHoles() {
        String name = Samples.photos().get(0);
        RgbImage photo = ImageCodec.withDefaults().decode(Samples.photo(name), name).image();
        Mask holes = Mask.ofBoxes(photo.width(), photo.height(),
                List.of(new Rect(40, 30, 50, 24), new Rect(photo.width() / 2, photo.height() / 2, 30, 60)));
        return new EngineInput(photo, holes);
    }

    @Test
    void returnsTheRoundedMeanOfItsMembersFillsPixelByPixel() {
        EngineInput input = photoWithHoles();
        RgbImage telea;
        RgbImage ns;
        RgbImage mean;
        try (InpaintEngine a = ENGINES.create("telea"); InpaintEngine b = ENGINES.create("ns");
             InpaintEngine ensemble = of("telea", "ns").create()) {
            telea = a.inpaint(List.of(input)).get(0);
            ns = b.inpaint(List.of(input)).get(0);
            mean = ensemble.inpaint(List.of(input)).get(0);
        }
        assertNotEquals(telea, ns, "the members must differ for the mean to say anything");
        byte[] t = telea.data();
        byte[] n = ns.data();
        byte[] m = mean.data();
        for (int k = 0; k < m.length; k++) {
            int expected = ((t[k] & 0xFF) + (n[k] & 0xFF) + 1) / 2;
            if ((m[k] & 0xFF) != expected) {
                throw new AssertionError("byte " + k + ": mean " + (m[k] & 0xFF) + ", expected " + expected);
            }
        }
        byte[] truth = input.image().data();
        for (int p = 0; p < input.mask().data().length; p++) {
            if (input.mask().data()[p] == 0) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(truth[3 * p + c], m[3 * p + c], "known pixel " + p + " changed");
                }
            }
        }
    }

    @Test
    void fillsABatchInOrder() {
        EngineInput first = photoWithHoles();
        RgbImage small = first.image().crop(new Rect(0, 0, 96, 64));
        EngineInput second = new EngineInput(small, Mask.ofBoxes(96, 64, List.of(new Rect(30, 20, 20, 20))));
        try (InpaintEngine ensemble = of("telea", "ns").create()) {
            List<RgbImage> both = ensemble.inpaint(List.of(first, second));
            assertEquals(ensemble.inpaint(List.of(first)).get(0), both.get(0));
            assertEquals(ensemble.inpaint(List.of(second)).get(0), both.get(1));
        }
    }

    @Test
    void roundsHalvesUp() {
        assertEquals(2, EnsembleEngine.roundedMean(new int[] {3}, 2)[0]);
        assertEquals(85, EnsembleEngine.roundedMean(new int[] {255}, 3)[0] & 0xFF);
        assertEquals(255, EnsembleEngine.roundedMean(new int[] {510}, 2)[0] & 0xFF);
    }

    @Test
    void describesItsMembersAndTheirCommonGeometry() {
        EngineInfo info = of("telea", "patchmatch").info();
        assertTrue(info.ready(), info.status());
        assertEquals("ensemble", info.name());
        assertTrue(info.description().contains("telea, patchmatch"), info.description());
        assertEquals(ENGINES.provider("patchmatch").info().workingSize(), info.workingSize());
    }

    @Test
    void isNotReadyWhileAMemberIsNotAndSaysWhich() {
        EngineProvider untrained = new EngineProvider() {
            @Override
            public String name() {
                return "untrained";
            }

            @Override
            public EngineInfo info() {
                return new EngineInfo("untrained", org.inpaint.core.engine.EngineKind.NEURAL, "a network", 256, 4, 8,
                        "cpu", false, "no trained weights");
            }

            @Override
            public InpaintEngine create() {
                throw new IllegalStateException("no trained weights");
            }
        };
        EnsembleProvider ensemble = new EnsembleProvider(List.of("ns", "untrained"),
                name -> name.equals("untrained") ? untrained : ENGINES.provider(name));
        EngineInfo info = ensemble.info();
        assertFalse(info.ready());
        assertTrue(info.status().contains("untrained (no trained weights)"), info.status());
        IllegalStateException e = assertThrows(IllegalStateException.class, ensemble::create);
        assertTrue(e.getMessage().contains("untrained"), e.getMessage());
    }

    @Test
    void badMemberListsAreRefusedNamingTheSetting() {
        for (String bad : List.of("lbam", "ns,ns", "ns,ensemble", " , ")) {
            InpaintException e = assertThrows(InpaintException.class, () -> EnsembleProvider.parse(bad, "inference.ensemble"));
            assertEquals("inference.ensemble", e.field(), bad);
        }
        InpaintException unknown = assertThrows(InpaintException.class, () -> of("ns", "no-such-engine").info());
        assertTrue(unknown.getMessage().contains("no-such-engine"), unknown.getMessage());
    }

    @Test
    void isRegisteredWithTheServedNetworksByDefault() {
        assertTrue(ENGINES.names().contains(EnsembleProvider.NAME), ENGINES.names().toString());
        assertEquals(List.of("lbam", "csa", "swap"), EnsembleProvider.DEFAULT_MEMBERS);
    }
}
