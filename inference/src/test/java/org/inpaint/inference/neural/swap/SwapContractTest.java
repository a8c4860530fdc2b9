package org.inpaint.inference.neural.swap;

import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.NetworkContractTest;

class SwapContractTest extends NetworkContractTest {

    @Override
    protected NetworkArchitecture architecture() {
        return new SwapArchitecture();
    }
}
