package org.inpaint.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** An optimizer state array in a checkpoint: its length, then its values. */
final class ArrayStates {

    private ArrayStates() {
    }

    static void write(DataOutputStream out, NDArray a) throws IOException {
        float[] data = a.toFloatArray();
        out.writeInt(data.length);
        for (float f : data) {
            out.writeFloat(f);
        }
    }

    /** Reads into {@code target} (same size), with temporaries in a scope of {@code manager}. */
    static void read(DataInputStream in, NDArray target, NDManager manager, String what) throws IOException {
        int n = in.readInt();
        if (n != target.size()) {
            throw new IOException(what + " has " + n + " values, expected " + target.size());
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = in.readFloat();
        }
        try (NDManager scope = manager.newSubManager()) {
            target.set(scope.create(data, target.getShape()).toByteBuffer());
        }
    }
}
