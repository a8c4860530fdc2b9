package org.inpaint.inference.neural.swap;

import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.NetworkContractTest;

class SwapContractTest extends NetworkContractTest {

    @Override
    protected NetworkArchitecture architecture() {
        return new SwapArchitecture();
    }

    /** Two size multiples: a 2×2 bottleneck and a 4×4 attention grid, enough for every path of the network. */
    @Override
    protected int testSize() {
        return 32;
    }
}
