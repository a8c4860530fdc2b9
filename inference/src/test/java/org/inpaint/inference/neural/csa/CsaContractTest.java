package org.inpaint.inference.neural.csa;

import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.NetworkContractTest;

/** The shared generator contract at width 0.25 and 256² (the size multiple). */
class CsaContractTest extends NetworkContractTest {

    @Override
    protected NetworkArchitecture architecture() {
        return new CsaArchitecture();
    }
}
