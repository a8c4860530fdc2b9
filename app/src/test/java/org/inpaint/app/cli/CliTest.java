package org.inpaint.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inpaint.app.Main;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in-process, on the bundled sample photos. */
class CliTest {

    private static final ImageCodec CODEC = ImageCodec.withDefaults();

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String c : List.of("serve", "image", "engines", "eval", "bench")) {
            assertTrue(r.out().contains(c), r.out());
        }
    }

    @Test
    void enginesListsTheClassicalEngines() {
        Run r = run("engines");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("patchmatch") && r.out().contains("telea") && r.out().contains("ns"), r.out());
    }

    @Test
    void singleImageWithBoxesKeepsKnownPixels(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("swans.jpg");
        Files.write(input, Samples.photo(Samples.photoNamed("swans")));
        Path output = dir.resolve("out/swans.png");
        Run r = run("image", "--input", input.toString(), "--box", "100,100,50,40", "--box", "400,200,30,30",
                "--engine", "telea", "--output", output.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("telea"), r.out());
        RgbImage in = CODEC.read(input, "in").image();
        RgbImage out = CODEC.read(output, "out").image();
        Mask holes = Mask.ofBoxes(in.width(), in.height(), List.of(new Rect(100, 100, 50, 40), new Rect(400, 200, 30, 30)));
        for (int y = 0; y < in.height(); y++) {
            for (int x = 0; x < in.width(); x++) {
                if (!holes.isHole(x, y)) {
                    assertEquals(in.get(x, y, 1), out.get(x, y, 1));
                }
            }
        }
    }

    @Test
    void singleImageWithMaskFile(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("orange.jpg");
        Files.write(input, Samples.photo(Samples.photoNamed("orange")));
        Path mask = dir.resolve("mask.png");
        Files.write(mask, new MaskCodec(CODEC).encode(Mask.ofBoxes(512, 512, List.of(new Rect(10, 10, 40, 40))), ImageFormat.PNG));
        Run r = run("image", "-i", input.toString(), "-m", mask.toString(), "-e", "patchmatch", "-o", dir.resolve("o.jpg").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(512, CODEC.read(dir.resolve("o.jpg"), "o").image().width());
    }

    @Test
    void badInputsExitWithTwoAndAClearMessage(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("orange.jpg");
        Files.write(input, Samples.photo(Samples.photoNamed("orange")));
        Run badBox = run("image", "-i", input.toString(), "--box", "1,2,3", "-o", dir.resolve("o.png").toString());
        assertEquals(2, badBox.code());
        assertTrue(badBox.err().contains("--box") && badBox.err().contains("x,y,w,h"), badBox.err());
        Run engine = run("image", "-i", input.toString(), "--box", "1,2,3,4", "-e", "nope", "-o", dir.resolve("o.png").toString());
        assertEquals(2, engine.code());
        assertTrue(engine.err().contains("unknown engine 'nope'"), engine.err());
        Path wrong = dir.resolve("wrong.png");
        Files.write(wrong, new MaskCodec(CODEC).encode(Mask.ofBoxes(64, 64, List.of(new Rect(1, 1, 4, 4))), ImageFormat.PNG));
        Run size = run("image", "-i", input.toString(), "-m", wrong.toString(), "-o", dir.resolve("o.png").toString());
        assertEquals(2, size.code());
        assertTrue(size.err().contains("mask is 64x64 but the image is 512x512"), size.err());
        Run missing = run("image", "-i", dir.resolve("nothing.jpg").toString(), "--box", "1,2,3,4", "-o", "x.png");
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Run stroke = run("image", "-i", input.toString(), "--scribble", "10,10;600,20", "-o", dir.resolve("o.png").toString());
        assertEquals(2, stroke.code());
        assertTrue(stroke.err().contains("--scribble") && stroke.err().contains("600,20 is not inside the 512x512 image"), stroke.err());
    }

    @Test
    void aStrokeOverAnObjectMakesItTheHole(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("orange.jpg");
        Files.write(input, Samples.photo(Samples.photoNamed("orange")));
        Path mask = dir.resolve("m.png");
        Run r = run("image", "-i", input.toString(), "--scribble", "250,200;256,256;260,310", "--write-mask", mask.toString(),
                "-e", "telea", "-o", dir.resolve("o.png").toString());
        assertEquals(0, r.code(), r.err());
        Mask m = new MaskCodec(CODEC).decodeImage(Files.readAllBytes(mask), "mask");
        assertTrue(m.isHole(256, 256), "under the stroke");
        assertTrue(m.holeRatio() > 0.01 && m.holeRatio() < 0.9, "a region, not the whole image: " + m.holeRatio());
    }

    @Test
    void attentionIsWrittenForANeuralEngineAndRefusedForAClassicalOne(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        org.inpaint.inference.neural.NetworkArchitecture arch = new org.inpaint.inference.neural.deepfill.DeepFillArchitecture();
        try (ai.djl.Model model = ai.djl.Model.newInstance("deepfill", "PyTorch")) {
            ai.djl.nn.Block block = arch.buildInto(model, 0.25, 64);
            new org.inpaint.inference.neural.weights.WeightStore(models).save("deepfill", block,
                    new org.inpaint.inference.neural.weights.ModelCard("deepfill", arch.paper(), 0.25, 128, 0,
                            "untrained (test)", 0, "test", java.util.Map.of(), List.of()));
        }
        Path input = dir.resolve("orange.jpg");
        Files.write(input, Samples.photo(Samples.photoNamed("orange")));
        Run r = run("image", "-i", input.toString(), "--box", "200,200,80,60", "-e", "deepfill", "--attention",
                dir.resolve("att.png").toString(), "-o", dir.resolve("o.png").toString(), "--set", "models.dir=" + models);
        assertEquals(0, r.code(), r.err());
        RgbImage att = CODEC.read(dir.resolve("att.png"), "att").image();
        assertEquals(512, att.width());
        assertEquals(255, att.get(10, 10, 0), "known pixels are white in the attention picture");
        Run classical = run("image", "-i", input.toString(), "--box", "1,1,9,9", "-e", "telea", "--attention",
                dir.resolve("a2.png").toString(), "-o", dir.resolve("o2.png").toString());
        assertEquals(2, classical.code());
        assertTrue(classical.err().contains("has no attention"), classical.err());
    }

    @Test
    void directoryBatchReportsDoneAndFailed(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        List<Path> photos = Samples.copyPhotosTo(images).subList(0, 4);
        for (Path p : Samples.copyPhotosTo(images).subList(4, Samples.photos().size())) {
            Files.delete(p);
        }
        Path masks = Files.createDirectories(dir.resolve("masks"));
        MaskCodec maskCodec = new MaskCodec(CODEC);
        for (Path p : photos.subList(0, 3)) {
            RgbImage img = CODEC.read(p, "p").image();
            String base = p.getFileName().toString().replace(".jpg", "");
            Files.write(masks.resolve(base + ".png"), maskCodec.encode(
                    Mask.ofBoxes(img.width(), img.height(), List.of(new Rect(20, 20, 40, 30))), ImageFormat.PNG));
        }
        Path out = dir.resolve("out");
        Run r = run("image", "--input", images.toString(), "--mask", masks.toString(), "--engine", "telea", "--output", out.toString());
        assertEquals(1, r.code(), "one image had no mask: " + r.out() + r.err());
        assertTrue(r.out().contains("done 3, failed 1"), r.out());
        assertTrue(r.out().contains("no mask named like " + photos.get(3).getFileName()), r.out());
        assertTrue(r.err().contains("4/4"), "progress reached the end: " + r.err());
        try (var files = Files.list(out)) {
            assertEquals(3, files.count());
        }
    }
}
