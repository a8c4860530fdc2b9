package org.inpaint.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupMeansTest {

    @Test
    void meansByGroupInTheOrderGroupsAppearAndOverAll() {
        GroupMeans m = new GroupMeans();
        assertTrue(Double.isNaN(m.overall()));
        m.add("(0.2,0.3]", 30);
        m.add("(0.1,0.2]", 20);
        m.add("(0.2,0.3]", 32);
        assertEquals(List.of("(0.2,0.3]", "(0.1,0.2]"), List.copyOf(m.means().keySet()));
        assertEquals(31.0, m.means().get("(0.2,0.3]"), 1e-12);
        assertEquals(20.0, m.means().get("(0.1,0.2]"), 1e-12);
        assertEquals(82.0 / 3, m.overall(), 1e-12, "every value counts once, not every group");
    }
}
