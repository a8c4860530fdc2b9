package org.inpaint.inference.neural.ops;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-input PyTorch operation that DJL does not expose (reflection padding, casts to bfloat16), run as a tiny
 * TorchScript module written at first use. It records autograd exactly when the calling thread's grad mode is on,
 * like any DJL operation. DJL runs a module called with {@code training = false} under PyTorch's InferenceMode,
 * whose outputs refuse later in-place updates; so the module is always called with {@code training = true} and the
 * thread's grad mode alone decides.
 */
final class TorchScriptOp implements AutoCloseable {

    private final Model module;

    private TorchScriptOp(Model module) {
        this.module = module;
    }

    /**
     * @param className a TorchScript class name, unique per operation
     * @param body      the return expression of {@code forward(self, x: Tensor) -> Tensor}, e.g. {@code torch.to(x, 15)}
     */
    static TorchScriptOp of(String className, String body) {
        return of(className, body, "x");
    }

    /** As {@link #of(String, String)}, for an operation of several tensors, named {@code inputs} in the body. */
    static TorchScriptOp of(String className, String body, String... inputs) {
        StringBuilder parameters = new StringBuilder();
        for (String input : inputs) {
            parameters.append(",\n    ").append(input).append(": Tensor");
        }
        String source = "class " + className + "(Module):\n"
                + "  __parameters__ = []\n"
                + "  __buffers__ = []\n"
                + "  training : bool\n"
                + "  _is_full_backward_hook : Optional[bool]\n"
                + "  def forward(self: __torch__." + className + parameters + ") -> Tensor:\n"
                + "    return " + body + "\n";
        try {
            Path dir = Files.createTempDirectory("inpaint-op-");
            String name = className.toLowerCase(Locale.ROOT);
            Path file = dir.resolve(name + ".pt");
            try {
                TorchScriptArchive.write(file, className, source);
                return new TorchScriptOp(load(dir, name));
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TorchScript operation " + className, e);
        }
    }

    private static Model load(Path dir, String name) throws IOException {
        Model model = Model.newInstance(name, "PyTorch");
        try {
            model.load(dir, name);
            return model;
        } catch (MalformedModelException e) {
            model.close();
            throw new IllegalStateException("PyTorch refused the TorchScript operation " + name + ": " + e.getMessage(), e);
        }
    }

    /** The operation on {@code x}; the result belongs to {@code owner}. */
    NDArray apply(NDArray x, NDManager owner) {
        return apply(new NDList(x), owner);
    }

    /** The operation on {@code inputs}, in the order of the names it was made with; the result belongs to {@code owner}. */
    NDArray apply(NDList inputs, NDManager owner) {
        // The graph executor's optimisations (profiling runs, then a specialised graph with its own autodiff) would
        // make the first calls of a process differ from later ones; a resumed run must compute what the
        // uninterrupted one did. The setting is per thread and costs nothing for one-operation graphs.
        JniUtils.setGraphExecutorOptimize(false);
        Block block = module.getBlock();
        NDArray out = block.forward(new ParameterStore(owner, false), inputs, true).singletonOrThrow();
        out.attach(owner);
        return out;
    }

    @Override
    public void close() {
        module.close();
    }
}
