package org.inpaint.testkit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ClusterIdTest {

    /** One id in 64 started with '-' and the storage tool took it for an option: the broker did not start. */
    @Test
    void clusterIdsAre22UrlSafeCharactersAndNeverStartWithADash() {
        for (int i = 0; i < 20_000; i++) {
            String id = KafkaBroker.randomClusterId();
            assertEquals(22, id.length());
            assertNotEquals('-', id.charAt(0), id);
        }
    }
}
