package org.inpaint.inference.neural.deepfill;

import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.NetworkContractTest;

class DeepFillContractTest extends NetworkContractTest {

    @Override
    protected NetworkArchitecture architecture() {
        return new DeepFillArchitecture();
    }
}
