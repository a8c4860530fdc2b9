package org.inpaint.testkit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test whose arrays live in {@link #m}, a PyTorch manager opened before each test and closed after it, so no
 * test leaks native memory into the next. A test that draws random numbers names its seed with {@link #seed()}.
 */
public abstract class TensorTest {

    protected NDManager m;

    /** The PyTorch random seed set before each test; empty leaves the generator as it is. */
    protected OptionalLong seed() {
        return OptionalLong.empty();
    }

    @BeforeEach
    void openManager() {
        m = NDManager.newBaseManager("PyTorch");
        seed().ifPresent(s -> Engine.getEngine("PyTorch").setRandomSeed((int) s));
    }

    @AfterEach
    void closeManager() {
        m.close();
    }
}
