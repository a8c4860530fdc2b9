package org.inpaint.inference.neural.deepfill;

import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.NetworkContractTest;
import org.junit.jupiter.api.BeforeAll;

class DeepFillContractTest extends NetworkContractTest {

    @Override
    protected NetworkArchitecture architecture() {
        return new DeepFillArchitecture();
    }

    /**
     * The RSS check is meant for native memory, but in a fresh JVM the Java heap adds to RSS too, while the young
     * generation touches heap pages for the first time. DeepFill runs about 330 tensor operations per forward (55
     * convolutions with their padding, and the attention layer) and DJL leaves 1 to 2 KB of Java garbage per
     * operation: about 0.4 MB per forward, ~60 MB over the check's 150 forwards before the young generation has
     * been used once. Measured over 1000 forwards, RSS rises exactly with the heap in use and is flat (458-466 MB)
     * after that. So cycle the young generation first with short-lived small objects (small, so they go to eden
     * rather than to humongous regions), and the check sees native memory only.
     */
    @BeforeAll
    static void cycleTheYoungGeneration() {
        long sum = 0;
        for (int i = 0; i < 200_000; i++) {   // 200,000 × 8 KB = 1.6 GB of garbage, ~0.3 s
            byte[] b = new byte[8192];
            b[i & 8191] = (byte) i;
            sum += b[(i * 31) & 8191];
        }
        if (sum == 42) {
            System.out.println();
        }
    }
}
