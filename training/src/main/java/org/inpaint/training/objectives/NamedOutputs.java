package org.inpaint.training.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Looks up a generator's named intermediate outputs ("coarse", "csa_features", "seg_s0", ...). */
final class NamedOutputs {

    private NamedOutputs() {
    }

    static NDArray get(NDList outputs, String name) {
        for (NDArray a : outputs) {
            if (name.equals(a.getName())) {
                return a;
            }
        }
        throw new IllegalStateException("the generator has no output named " + name);
    }
}
