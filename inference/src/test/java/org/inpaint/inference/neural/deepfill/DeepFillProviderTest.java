package org.inpaint.inference.neural.deepfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.inference.neural.weights.WeightStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepFillProviderTest {

    @Test
    void isRegisteredAndNotReadyWithoutWeights(@TempDir Path empty) {
        String key = WeightStore.LOCATION_PROPERTY;
        String previous = System.getProperty(key);
        System.setProperty(key, empty.toString());
        try {
            EngineProvider provider = ServiceLoader.load(EngineProvider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.name().equals("deepfill")).findFirst().orElseThrow();
            assertTrue(provider instanceof DeepFillProvider);
            EngineInfo info = provider.info();
            assertFalse(info.ready());
            assertEquals(8, info.sizeMultiple());
            assertTrue(info.status().contains("no trained weights"), info.status());
            assertThrows(IllegalStateException.class, provider::create);
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }
}
