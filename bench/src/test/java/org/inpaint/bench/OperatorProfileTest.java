package org.inpaint.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorProfileTest {

    private static String event(String name, int tid, double tsMicros, double durMicros) {
        return String.format(java.util.Locale.ROOT,
                "{\"name\": \"%s\", \"ph\": \"X\", \"ts\": %.3f, \"dur\": %.3f, \"tid\": %d, \"pid\": \"CPU Functions\", \"args\": {}}",
                name, tsMicros, durMicros, tid);
    }

    /** A parent's self time is its duration less its direct children's; threads are summed apart. */
    @Test
    void selfTimeLeavesOutWhatAnOperatorCalled(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.json");
        Files.writeString(trace, "[\n" + String.join(",\n",
                event("aten::conv2d", 1, 0, 10_000),
                event("aten::mkldnn_convolution", 1, 1_000, 4_000),
                event("aten::empty", 1, 2_000, 1_000),
                event("aten::mkldnn_convolution", 1, 6_000, 3_000),
                event("aten::mul", 1, 12_000, 2_000),
                event("aten::conv2d", 2, 0, 5_000)) + "\n]\n");
        Map<String, OperatorProfile.Operator> ops = OperatorProfile.read(trace).operators().stream()
                .collect(Collectors.toMap(OperatorProfile.Operator::name, o -> o));
        assertEquals(3 + 5, ops.get("aten::conv2d").selfMillis(), 1e-9);
        assertEquals(2, ops.get("aten::conv2d").calls());
        assertEquals(3 + 3, ops.get("aten::mkldnn_convolution").selfMillis(), 1e-9);
        assertEquals(1, ops.get("aten::empty").selfMillis(), 1e-9);
        assertEquals(2, ops.get("aten::mul").selfMillis(), 1e-9);
        assertEquals(17, OperatorProfile.read(trace).totalMillis(), 1e-9, "the self times add up to the busy time");
        assertTrue(OperatorProfile.read(trace).top(2).startsWith("aten::conv2d 47 %, aten::mkldnn_convolution 35 %"));
    }

    @Test
    void recordsRealPyTorchWork(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.randomUniform(0, 1, new Shape(256, 256));
            OperatorProfile p = OperatorProfile.record(() -> {
                for (int i = 0; i < 20; i++) {
                    x.mul(x).close();
                }
            }, dir.resolve("trace.json"));
            OperatorProfile.Operator mul = p.operators().stream().filter(o -> o.name().equals("aten::mul")).findFirst().orElseThrow();
            assertEquals(20, mul.calls());
            assertTrue(mul.selfMillis() > 0);
            assertTrue(Files.size(dir.resolve("trace.json")) > 0);
        }
    }
}
