package org.inpaint.inference.neural.csa;

import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.NetworkContractTest;

/**
 * The shared generator contract at 256² (the size multiple, so the smallest input) and width 0.125 (8 to 64
 * channels): 200 forwards at 256² are the bulk of this package's test time.
 */
class CsaContractTest extends NetworkContractTest {

    @Override
    protected NetworkArchitecture architecture() {
        return new CsaArchitecture();
    }

    @Override
    protected double testWidth() {
        return 0.125;
    }
}
