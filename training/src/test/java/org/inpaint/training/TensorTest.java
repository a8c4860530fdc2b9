package org.inpaint.training;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test whose arrays live in {@link #m}, a manager opened before each test and closed after it. */
public abstract class TensorTest {

    protected NDManager m;

    @BeforeEach
    void openManager() {
        m = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void closeManager() {
        m.close();
    }
}
