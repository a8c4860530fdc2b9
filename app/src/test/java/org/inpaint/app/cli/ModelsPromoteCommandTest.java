package org.inpaint.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inpaint.inference.neural.lbam.LbamArchitecture;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inpaint models promote} end to end, in-process, with real weights on six bundled photos at 256 px: the
 * shipped lbam v0005 (measured above Navier-Stokes at every bin) as the candidate, and an untrained lbam (noise)
 * that must never be served.
 */
class ModelsPromoteCommandTest {

    private static final Path SHIPPED_LBAM = Samples.shippedModels().resolve("lbam/v0005");
    private String previousStore;

    @BeforeEach
    void rememberTheStore() {
        previousStore = System.getProperty(WeightStore.LOCATION_PROPERTY);
    }

    @AfterEach
    void restoreTheStore() {
        if (previousStore == null) {
            System.clearProperty(WeightStore.LOCATION_PROPERTY);
        } else {
            System.setProperty(WeightStore.LOCATION_PROPERTY, previousStore);
        }
    }

    private static CliTest.Run promote(Path store, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("models", "promote", "--set", "models.dir=" + store, "--limit", "6"));
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void aVersionAboveNavierStokesEverywhereIsInstalledWithItsTableAndThenIsNotPromotedOverItself(@TempDir Path store)
            throws Exception {
        CliTest.Run first = promote(store, SHIPPED_LBAM.toString());
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("promote: lbam candidate float16 is above ns at every bin"), first.out());
        StoredModel installed = new WeightStore(store).latest("lbam").orElseThrow();
        assertEquals("v0001", installed.version());
        Map<String, Double> metrics = installed.card().metrics();
        for (String bin : List.of("(0.1,0.2]", "(0.3,0.4]", "(0.5,0.6]")) {
            assertTrue(metrics.get("psnr_" + bin) > metrics.get("ref:ns:psnr_" + bin), bin + ": " + metrics);
        }
        assertEquals(Files.size(SHIPPED_LBAM.resolve(WeightStore.PARAMETERS)), Files.size(installed.parameters()),
                "float16 in, float16 out");

        CliTest.Run again = promote(store, SHIPPED_LBAM.toString());
        assertEquals(1, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("not promoted: lbam candidate float16 is above ns at every bin")
                && again.out().contains("but not better than lbam v0001 (served)"), again.out());
        assertEquals(List.of("v0001"), new WeightStore(store).versions("lbam").stream().map(StoredModel::version).toList());
    }

    @Test
    void anUntrainedNetworkIsNotServedAndTheBinsBelowTheFloorAreNamed(@TempDir Path run, @TempDir Path store) {
        StoredModel untrained;
        try (Model model = Model.newInstance("lbam", "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(5);
            var architecture = new LbamArchitecture();
            var block = architecture.buildInto(model, 0.125, 256);
            untrained = new WeightStore(run).save("lbam", block, new ModelCard("lbam", architecture.paper(), 0.125, 256, 0,
                    "nothing", 0, "2026-12-05T00:00:00Z", Map.of(), List.of()));
        }
        CliTest.Run r = promote(store, untrained.directory().toString(), "--dry-run");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("not promoted: lbam candidate float16 is not above ns at (0.1,0.2]"), r.out());
        assertFalse(Files.exists(store.resolve("lbam")), "nothing installed");
    }

    @Test
    void aFolderWithoutAStoredVersionIsRefusedNamingTheArgument(@TempDir Path empty, @TempDir Path store) {
        CliTest.Run r = promote(store, empty.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("VERSION_DIR") && r.err().contains("holds no stored version"), r.err());
    }

    @Test
    void aNegativeMinimumGainIsRefusedNamingTheOption(@TempDir Path store) {
        assertRefused(store, "--min-gain", "--min-gain", "-0.1");
    }

    @Test
    void cropsAndAnotherScaleMeasureOnlyADryRun(@TempDir Path store) {
        assertRefused(store, "--crop", "--crop", "200");
        assertRefused(store, "--short-side", "--short-side", "180");
    }

    /** A bad value of {@code option}: exit 2, an error naming {@code field} and the value, nothing installed. */
    private static void assertRefused(Path store, String field, String option, String value) {
        CliTest.Run r = promote(store, SHIPPED_LBAM.toString(), option, value);
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(field) && r.err().contains(value), r.err());
        assertFalse(Files.exists(store.resolve("lbam")), "nothing installed");
    }

    @Test
    void aSelfEnsembleAndARimTaperAreMeasuredAndWrittenIntoTheInstalledCardNotTheCandidates(@TempDir Path store) {
        CliTest.Run r = promote(store, SHIPPED_LBAM.toString(), "--self-ensemble", "mirror", "--rim-taper", "4");
        assertEquals(0, r.code(), r.out() + r.err());
        StoredModel installed = new WeightStore(store).latest("lbam").orElseThrow();
        assertEquals("mirror", installed.card().selfEnsemble());
        assertEquals(4, installed.card().rimTaper());
        assertTrue(installed.card().deviations().stream().anyMatch(d -> d.contains("mirrored pass")), installed.card().deviations().toString());
        assertTrue(installed.card().deviations().stream().anyMatch(d -> d.contains("hole's first 4 px")), installed.card().deviations().toString());
        assertTrue(installed.card().metrics().get("psnr_(0.1,0.2]") > installed.card().metrics().get("ref:ns:psnr_(0.1,0.2]"),
                installed.card().metrics().toString());
        assertEquals("none", WeightStore.read(SHIPPED_LBAM, "shipped").card().selfEnsemble(), "the candidate's own card is left alone");
        assertEquals(0, WeightStore.read(SHIPPED_LBAM, "shipped").card().rimTaper());
    }

    @Test
    void aRimTaperWiderThanAllowedIsRefusedNamingTheSetting(@TempDir Path store) {
        assertRefused(store, "rimTaper", "--rim-taper", "40");
    }

    @Test
    void anUnknownSelfEnsembleIsRefusedNamingTheSetting(@TempDir Path store) {
        assertRefused(store, "selfEnsemble", "--self-ensemble", "sideways");
    }
}
