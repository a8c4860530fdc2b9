package org.inpaint.app.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.inpaint.app.engines.RequestEngines;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.testkit.fuzz.Mutations;

/**
 * Fuzz property of the Kafka consumer's message parsing: any value and any mix of the mask and engine headers give a
 * job whose mask fits its image, or the project's own bad-input error (which sends the message to the dead-letter
 * topic with its reason), never another exception.
 */
class ImageMessagesFuzzTest {

    private static final List<byte[]> IMAGES = Mutations.corpus("images/photo.png",
            "images/photo.jpg", "images/photo.webp", "images/alpha-hole.png", "images/mask-gray.png");
    private static final ImageMessages MESSAGES = new ImageMessages(new ImageCodec(4_000_000L), List.of(), "telea",
            new RequestEngines(EngineRegistry.load()));

    @Provide
    Arbitrary<byte[]> images() {
        return Mutations.of(IMAGES);
    }

    @Provide
    Arbitrary<byte[]> maskJson() {
        return Mutations.of(Mutations.textSeeds("{\"boxes\": [[2,2,10,8]]}", "[[[1,1],[30,2],[12,20]]]",
                "{\"polygons\": [[[0,0],[1e12,0],[0,1e12]]]}", "{\"boxes\": [[-1,-1,0,0]]}"));
    }

    @Provide
    Arbitrary<byte[]> engines() {
        return Mutations.of(Mutations.textSeeds("telea", "ns", "auto", "patchmatch", "lbam", "no-such-engine", ""));
    }

    @Property(tries = 2000, seed = "20261205")
    void anyMessageIsAJobOrADeadLetterWithAReason(@ForAll("images") byte[] value, @ForAll("images") byte[] maskPng,
                                                   @ForAll("maskJson") byte[] maskJson, @ForAll("engines") byte[] engine,
                                                   @ForAll("headerChoice") int headers) {
        RecordHeaders h = new RecordHeaders();
        if ((headers & 1) != 0) {
            h.add(ImageMessages.MASK, maskPng);
        }
        if ((headers & 2) != 0) {
            h.add(ImageMessages.MASK_JSON, maskJson);
        }
        if ((headers & 4) != 0) {
            h.add(ImageMessages.ENGINE, engine);
        }
        try {
            ImageMessages.Decoded d = MESSAGES.decode(value, h);
            assertEquals(d.image().image().width(), d.mask().width());
            assertEquals(d.image().image().height(), d.mask().height());
            assertNotNull(d.engine());
        } catch (InpaintException e) {
            assertTrue(e.kind().status() >= 400 && e.kind().status() < 500, e.kind() + ": " + e.getMessage());
            assertNotNull(e.getMessage());
        }
    }

    @Provide
    Arbitrary<Integer> headerChoice() {
        return Arbitraries.integers().between(0, 7);
    }
}
