package org.inpaint.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inpaint.training.run.RunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainStatusCommandTest {

    @Test
    void listsEachRunWithItsStepImagesGainOverNavierStokesAndEta(@TempDir Path runs) throws Exception {
        Path run = run(runs, "lbam-w025-ns", "lbam", 5000, "{\"step\":1500,\"train_seconds\":5400.0,\"cpu_seconds\":10260.0,"
                + "\"val_l1_hole\":0.07,\"val_psnr\":25.06,\"ns_psnr\":24.50,\"gain_db\":0.56}");
        Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":1499,\"losses\":{},\"images_per_second\":10.0}\n"
                + "{\"step\":1500,\"losses\":{},\"images_per_second\":8.0}\n");
        Files.createDirectories(runs.resolve("not-a-run"));
        run(runs, "swap-warm", "swap", 500, "{\"step\":250,\"train_seconds\":700.0,\"val_l1_hole\":0.07,"
                + "\"val_psnr\":25.30,\"ns_psnr\":24.50,\"gain_db\":0.80,\"weights\":\"trained\","
                + "\"gain_averaged_db\":0.75,\"gain_trained_db\":0.80}");
        run(runs, "swap-v6-small2-taper4-psnr-1e-3-long", "swap", 800, "{\"step\":250,\"train_seconds\":1494.1,"
                + "\"val_l1_hole\":0.063,\"val_psnr\":25.81,\"ns_psnr\":24.86,\"gain_db\":0.96}");
        run(runs, "swap-bins", "swap", 800, "{\"step\":250,\"train_seconds\":900.0,\"val_l1_hole\":0.06,"
                + "\"val_psnr\":25.92,\"ns_psnr\":24.86,\"gain_db\":1.06,\"weights\":\"averaged\",\"gain_averaged_db\":1.06,"
                + "\"gain_by_bin_db\":{\"(0.1,0.2]\":1.0412,\"(0.2,0.3]\":1.13,\"(0.3,0.4]\":1.16,\"(0.4,0.5]\":0.9871,\"(0.5,0.6]\":0.99}}");

        CliTest.Run r;
        try (RunLock training = RunLock.acquire(runs.resolve("swap-warm"))) {
            r = CliTest.run("train", "status", "--runs", runs.toString());
        }
        assertEquals(0, r.code(), r.err());
        String line = r.out().lines().filter(l -> l.startsWith("lbam-w025-ns")).findFirst().orElseThrow();
        // 1500 of 5000 steps, 12,000 images, +0.56 dB, 1.5 h spent (2.85 CPU h), (5000-1500)*8/8 s = 0.97 h left
        for (String expected : new String[] {"lbam", "1500/5000", "12000", "25.06", "24.50", "+0.56", "1.50", "2.85", "0.97"}) {
            assertTrue(line.contains(expected), expected + " in: " + line);
        }
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("not-a-run")), r.out());
        assertTrue(line.endsWith("  stopped"), "no process trains it: " + line);
        assertTrue(line.matches(".*\\+0\\.56 +- .*"), "a curve from before the choice names no weights: " + line);
        String warmLine = r.out().lines().filter(l -> l.startsWith("swap-warm")).findFirst().orElseThrow();
        assertTrue(warmLine.contains("+0.80") && warmLine.contains("trained"), "the weights validation chose: " + warmLine);
        assertTrue(warmLine.matches(".*\\+0\\.80 +- +trained.*"), "validated on one hole per crop, no worst bin: " + warmLine);
        assertTrue(warmLine.endsWith("  training (pid " + ProcessHandle.current().pid() + ")"), "its trainer holds it: " + warmLine);
        String binLine = r.out().lines().filter(l -> l.startsWith("swap-bins")).findFirst().orElseThrow();
        assertTrue(binLine.matches(".*\\+1\\.06 +\\+0\\.99 +averaged.*"), "the lowest of the bins' gains: " + binLine);

        String header = r.out().lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow();
        for (String row : List.of(line, binLine, r.out().lines().filter(l -> l.startsWith("swap-v6-small2")).findFirst().orElseThrow())) {
            assertEquals(header.indexOf(" model") + 1, row.indexOf(" " + row.split(" +")[1] + " ") + 1,
                    "the model column lines up under its header, the longest run name included:\n" + header + "\n" + row);
        }

        CliTest.Run empty = CliTest.run("train", "status", "--runs", runs.resolve("none").toString());
        assertEquals(0, empty.code());
        assertTrue(empty.out().contains("no training runs"), empty.out());

        Path png = runs.resolve("curves.png");
        CliTest.Run curves = CliTest.run("train", "curves", "--runs", runs.toString(), "--out", png.toString());
        assertEquals(0, curves.code(), curves.err());
        assertTrue(curves.out().contains("wrote " + png + ": lbam-w025-ns"), curves.out());
        assertTrue(Files.size(png) > 1000);
        CliTest.Run unknown = CliTest.run("train", "curves", "--runs", runs.toString(), "--out", png.toString(), "not-a-run");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("no run 'not-a-run' with validations"), unknown.err());
        CliTest.Run outside = CliTest.run("train", "curves", "--runs", runs.toString(), "--out", png.toString(), "../elsewhere");
        assertEquals(2, outside.code());
    }

    /** A run directory with a manifest of {@code model} and {@code steps} (batch 8) and one val.jsonl line. */
    private static Path run(Path runs, String name, String model, int steps, String valLine) throws Exception {
        Path run = Files.createDirectories(runs.resolve(name));
        Files.writeString(run.resolve("manifest.json"), "{\"config\": {\"model\": \"" + model + "\", \"steps\": " + steps
                + ", \"batch\": 8}, \"train\": [], \"val\": []}");
        Files.writeString(run.resolve("val.jsonl"), valLine + "\n");
        return run;
    }
}
