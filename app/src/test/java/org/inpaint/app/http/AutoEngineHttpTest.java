package org.inpaint.app.http;

import org.inpaint.testkit.http.Multipart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.inpaint.app.InpaintServer;
import org.inpaint.inference.neural.ops.CpuFeatures;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default engine "auto" on a server with the shipped models: an upload without an engine is filled by the
 * network whose card measured it above Navier-Stokes for that hole ratio (lbam v0002 at every bin), says so in
 * X-Inpaint-Engine and X-Inpaint-Auto, and /v1/engines describes the choice.
 */
class AutoEngineHttpTest {

    private static InpaintServer server;
    private static String base;
    private static String previousStore;

    @BeforeAll
    static void start() {
        previousStore = System.getProperty(WeightStore.LOCATION_PROPERTY);
        server = InpaintServer.start(HttpApiTest.settings(Map.of("http.port", "0", "http.host", "127.0.0.1",
                "streams.demo", "false", "inference.defaultEngine", "auto",
                "models.dir", Samples.shippedModels().toString())));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        // the server set the store's location from models.dir; the other tests of this JVM expect theirs
        if (previousStore == null) {
            System.clearProperty(WeightStore.LOCATION_PROPERTY);
        } else {
            System.setProperty(WeightStore.LOCATION_PROPERTY, previousStore);
        }
    }

    @Test
    void anUploadWithoutAnEngineGoesToTheNetworkThatMeasuredBestForItsHoleRatio() throws Exception {
        byte[] jpeg = Samples.photo(Samples.photoNamed("orange"));
        // a 160x130 box in a 512x512 photo: about 8 % of the image, the (0.1,0.2] bin's choice applies
        HttpResponse<byte[]> r = HttpApiTest.post(base, new Multipart().file("image", "o.jpg", "image/jpeg", jpeg)
                .field("boxes", "150,160,160,130"));
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertEquals("lbam", r.headers().firstValue("X-Inpaint-Engine").orElseThrow());
        String why = r.headers().firstValue("X-Inpaint-Auto").orElseThrow();
        assertTrue(why.contains("lbam measured +") && why.contains("over ns"), why);

        HttpResponse<byte[]> named = HttpApiTest.post(base, new Multipart().file("image", "o.jpg", "image/jpeg", jpeg)
                .field("boxes", "150,160,160,130").field("engine", "telea"));
        assertEquals("telea", named.headers().firstValue("X-Inpaint-Engine").orElseThrow());
        assertTrue(named.headers().firstValue("X-Inpaint-Auto").isEmpty());

        JsonObject engines = new JsonObject(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/engines"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("auto", engines.getString("default"));
        assertTrue(engines.getString("auto").contains("lbam"), engines.encode());
        // csa measured faster in bf16, which a CPU without AVX-512 BF16 or AMX-BF16 would emulate many times slower
        String csa = engines.getJsonArray("engines").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("name").equals("csa")).findFirst().orElseThrow().getString("status");
        assertTrue(csa.contains(CpuFeatures.local().bf16() ? "; in bf16"
                : "; in fp32 (bf16 measured faster, but this CPU has no AVX-512 BF16 or AMX-BF16)"), csa);
    }
}
