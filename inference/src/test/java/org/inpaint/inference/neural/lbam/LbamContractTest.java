package org.inpaint.inference.neural.lbam;

import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.NetworkContractTest;

class LbamContractTest extends NetworkContractTest {

    @Override
    protected NetworkArchitecture architecture() {
        return new LbamArchitecture();
    }

    @Override
    protected int testSize() {
        return 128;
    }

    @Override
    protected double testWidth() {
        return 0.25;
    }
}
