package org.inpaint.app.training;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.inpaint.core.InpaintException;
import org.inpaint.training.run.TrainingConfig;
import org.inpaint.testkit.fuzz.Mutations;

/**
 * Fuzz property of {@code POST /v1/training}'s body: any JSON object is a valid run or the project's own bad-input
 * error naming a field, never another exception (which the API would answer with a 500). Text that is not a JSON
 * object is refused earlier, by the API's decoding (a 400).
 */
class TrainingRequestFuzzTest {

    @Provide
    Arbitrary<String> bodies() {
        return Mutations.text(Mutations.textSeeds(
                "{\"model\": \"lbam\", \"data\": \"photos\", \"steps\": 100}",
                "{\"model\": \"deepfill\", \"data\": \"d\", \"steps\": 5, \"size\": 256, \"width\": 0.5, \"batch\": 4, "
                        + "\"criticSteps\": 1, \"lr\": 0.001, \"checkpointEvery\": 2, \"sampleEvery\": 2, \"seed\": 3, "
                        + "\"resume\": true, \"valImages\": 4, \"val\": \"v\", \"valMasks\": \"bins\", \"out\": \"runs/x\"}",
                "{\"model\": \"csa\", \"data\": \"a\\u0000b\", \"steps\": 1}",
                "{\"model\": \"swap\", \"data\": \"d\", \"steps\": 9223372036854775807, \"size\": -1, \"width\": 1e308}",
                "{\"model\": [1], \"data\": {\"x\": 1}, \"steps\": \"many\", \"batch\": 1.5}",
                "{\"steps\": 10}", "{}"));
    }

    @Property(tries = 3000, seed = "20261205")
    void anyJsonObjectIsARunOrANamedError(@ForAll("bodies") String body) {
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (DecodeException | ClassCastException notAnObject) {
            return;
        }
        try {
            TrainingConfig config = TrainingRequest.parse(json, Path.of("runs"));
            assertNotNull(config.model());
        } catch (InpaintException e) {
            assertTrue(e.kind().status() >= 400 && e.kind().status() < 500, e.kind() + ": " + e.getMessage());
            assertNotNull(e.field(), "the error names the field: " + e.getMessage());
        }
    }
}
