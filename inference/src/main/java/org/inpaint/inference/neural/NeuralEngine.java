package org.inpaint.inference.neural;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.neural.ops.CpuFeatures;
import org.inpaint.inference.neural.ops.NnOps;
import org.inpaint.inference.neural.ops.Precision;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a trained generator through the engine SPI. Each batch runs in its own NDManager scope, closed when the
 * batch is done, so native memory does not grow with the number of calls. Inputs are scaled to [-1, 1], holes
 * zeroed (or classically prefilled, as the model card says), and reflect-padded up to the network's size multiple; the output is cropped back. (The
 * {@link org.inpaint.core.Inpainter} composites, so known pixels stay exact.)
 */
public final class NeuralEngine implements InpaintEngine {

    /**
     * System property naming the precision of the engines' convolutions and matrix products: fp32, bf16, or auto
     * (the default: each network's {@link NetworkArchitecture#servedPrecision()}); see {@link Precision}.
     */
    public static final String PRECISION_PROPERTY = "inpaint.inference.precision";
    public static final String AUTO = "auto";
    private static final Logger LOG = LoggerFactory.getLogger(NeuralEngine.class);
    /**
     * System property naming the engines' {@link SelfEnsemble}: none, mirror, or auto (the default: each model
     * card's setting). "none" saves the second pass where latency matters more than the last tenth of a dB.
     */
    public static final String SELF_ENSEMBLE_PROPERTY = "inpaint.inference.selfEnsemble";

    private final NetworkArchitecture architecture;
    private final EngineInfo info;
    private final Model model;
    private final Block block;
    private final Prefill prefill;
    private final Precision precision;
    private final SelfEnsemble selfEnsemble;
    private final RimTaper rimTaper;

    public NeuralEngine(NetworkArchitecture architecture, StoredModel weights, EngineInfo info) {
        this.architecture = architecture;
        this.precision = servingPrecision(architecture);
        this.selfEnsemble = selfEnsembleFor(weights.card().selfEnsembleSetting());
        this.rimTaper = weights.card().rimTaperSetting();
        this.info = info;
        this.model = Model.newInstance(architecture.name(), "PyTorch");
        this.prefill = weights.card().prefillSetting();
        this.block = architecture.buildInto(model, weights.card());
        WeightStore.load(weights, block, model.getNDManager());
    }

    /** For tests and trainers: serve an already initialised block. */
    public NeuralEngine(NetworkArchitecture architecture, Block block, Model model, EngineInfo info) {
        this(architecture, block, Prefill.NONE, model, info);
    }

    /** For tests and trainers: serve an already initialised block that reads {@code prefill} in its holes. */
    public NeuralEngine(NetworkArchitecture architecture, Block block, Prefill prefill, Model model, EngineInfo info) {
        this.architecture = architecture;
        this.precision = servingPrecision(architecture);
        this.selfEnsemble = selfEnsembleFor(SelfEnsemble.NONE);
        this.rimTaper = RimTaper.NONE;
        this.info = info;
        this.block = block;
        this.prefill = prefill;
        this.model = model;
    }

    private static Precision servingPrecision(NetworkArchitecture architecture) {
        Precision precision = precisionFor(architecture);
        if (!precision.isNativeOn(CpuFeatures.local())) {
            LOG.warn("{} serves in {} as {} asks, but {}: emulated, many times slower than fp32", architecture.name(),
                    precision.label(), PRECISION_PROPERTY, CpuFeatures.NO_BF16);
        }
        return precision;
    }

    /** The precision {@code architecture}'s engine serves in on this machine, as {@link #PRECISION_PROPERTY} asks. */
    public static Precision precisionFor(NetworkArchitecture architecture) {
        return precisionFor(architecture, CpuFeatures.local());
    }

    /**
     * The precision {@code architecture}'s engine serves in on {@code cpu}: under "auto" the network's measured best
     * where {@code cpu} runs it in hardware, fp32 where it does not; otherwise what {@link #PRECISION_PROPERTY} names.
     */
    static Precision precisionFor(NetworkArchitecture architecture, CpuFeatures cpu) {
        String setting = System.getProperty(PRECISION_PROPERTY);
        if (!isAuto(setting)) {
            return Precision.of(setting, PRECISION_PROPERTY);
        }
        Precision measured = architecture.servedPrecision();
        return measured.isNativeOn(cpu) ? measured : Precision.FP32;
    }

    /** The self-ensemble a version whose card says {@code carded} is served with, as {@link #SELF_ENSEMBLE_PROPERTY} asks. */
    public static SelfEnsemble selfEnsembleFor(SelfEnsemble carded) {
        String setting = System.getProperty(SELF_ENSEMBLE_PROPERTY);
        return isAuto(setting) ? carded : SelfEnsemble.of(setting, SELF_ENSEMBLE_PROPERTY);
    }

    /** The self-ensemble this engine serves with. */
    public SelfEnsemble selfEnsemble() {
        return selfEnsemble;
    }

    public RimTaper rimTaper() {
        return rimTaper;
    }

    /** Whether a setting of {@link #PRECISION_PROPERTY} or {@link #SELF_ENSEMBLE_PROPERTY} means "auto" (so does an unset or blank one). */
    public static boolean isAuto(String setting) {
        return setting == null || setting.isBlank() || setting.trim().equalsIgnoreCase(AUTO);
    }

    /** The precision this engine runs its convolutions and matrix products in. */
    public Precision precision() {
        return precision;
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public List<RgbImage> inpaint(List<EngineInput> batch) {
        List<RgbImage> out = new ArrayList<>(batch.size());
        for (List<EngineInput> group : bySize(batch)) {
            out.addAll(run(group, null));
        }
        return reorder(batch, out);
    }

    /** A named auxiliary output copied to the heap, with its shape. */
    public record Auxiliary(long[] shape, float[] data) {
    }

    /**
     * Runs one batch of equal-sized inputs and also returns the named auxiliary outputs (copied to heap arrays) the
     * network produced, such as "attention_flow".
     */
    public List<RgbImage> run(List<EngineInput> group, Map<String, Auxiliary> auxiliary) {
        int w = group.get(0).image().width();
        int h = group.get(0).image().height();
        int multiple = architecture.sizeMultiple();
        int padH = (multiple - h % multiple) % multiple;
        int padW = (multiple - w % multiple) % multiple;
        try (NDManager scope = model.getNDManager().newSubManager()) {
            List<RgbImage> images = new ArrayList<>();
            List<Mask> masks = new ArrayList<>();
            for (EngineInput in : group) {
                images.add(in.image());
                masks.add(in.mask());
            }
            NDArray mask = Tensors.masks(scope, masks);
            NDArray image = prefill == Prefill.NONE
                    ? Tensors.images(scope, images).mul(mask.neg().add(1))
                    : Tensors.images(scope, prefill.apply(images, masks));
            image = selfEnsemble.expand(image);
            mask = selfEnsemble.expand(mask);
            if (padH > 0 || padW > 0) {
                image = padBottomRight(image, padH, padW);
                mask = padBottomRight(mask, padH, padW);
            }
            NDList result;
            try (Precision.Scope convolutions = precision.enter()) {
                result = block.forward(new ParameterStore(scope, false), new NDList(image, mask), false);
            }
            int n = group.size();
            NDArray served = rimTaper.apply(image, result.get(0), mask);
            NDArray filled = selfEnsemble.fold(served.get(new NDIndex(":, :, :{}, :{}", h, w)), n);
            if (auxiliary != null) {
                for (NDArray output : result.subNDList(1)) {
                    NDArray a = output.get(new NDIndex(":{}", n));
                    if (output.getName() != null) {
                        auxiliary.put(output.getName(), new Auxiliary(a.getShape().getShape(), a.toType(DataType.FLOAT32, false).toFloatArray()));
                    }
                }
            }
            return Tensors.toImages(filled);
        }
    }

    /** Reflect padding on the bottom and right only, so the crop back is a plain slice. */
    static NDArray padBottomRight(NDArray x, int padH, int padW) {
        int p = Math.max(padH, padW);
        Shape s = x.getShape();
        if (p >= s.get(2) || p >= s.get(3)) {
            return NnOps.zeroPad(x, 0, padH, 0, padW);
        }
        NDArray padded = NnOps.reflectPad(x, p);
        return padded.get(new NDIndex(":, :, {}:{}, {}:{}", p, p + s.get(2) + padH, p, p + s.get(3) + padW));
    }

    private static List<List<EngineInput>> bySize(List<EngineInput> batch) {
        Map<String, List<EngineInput>> groups = new LinkedHashMap<>();
        for (EngineInput in : batch) {
            groups.computeIfAbsent(in.image().width() + "x" + in.image().height(), k -> new ArrayList<>()).add(in);
        }
        return new ArrayList<>(groups.values());
    }

    private static List<RgbImage> reorder(List<EngineInput> batch, List<RgbImage> grouped) {
        List<List<EngineInput>> groups = bySize(batch);
        Map<EngineInput, RgbImage> byInput = new java.util.IdentityHashMap<>();
        int k = 0;
        for (List<EngineInput> g : groups) {
            for (EngineInput in : g) {
                byInput.put(in, grouped.get(k++));
            }
        }
        List<RgbImage> out = new ArrayList<>(batch.size());
        for (EngineInput in : batch) {
            out.add(byInput.get(in));
        }
        return out;
    }

    /**
     * The network's attention as a colour-coded offset image (the contextual-attention paper's Fig. 4) for one
     * input, or empty when the network exposes no "attention_flow".
     */
    public java.util.Optional<RgbImage> attention(EngineInput input) {
        Map<String, Auxiliary> aux = new java.util.HashMap<>();
        run(List.of(input), aux);
        Auxiliary flow = aux.get("attention_flow");
        if (flow == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(AttentionFlowImage.render(flow.data(), (int) flow.shape()[2], (int) flow.shape()[3], input.mask()));
    }

    /**
     * The attention of a whole image: scaled down to fit the network's working size, run once, and the picture
     * scaled back to the image's size. Empty when the network exposes no "attention_flow".
     */
    public java.util.Optional<RgbImage> attentionOfWholeImage(RgbImage image, org.inpaint.core.image.Mask holes) {
        int side = info.workingSize();
        double scale = Math.min(1.0, side / (double) Math.max(image.width(), image.height()));
        int w = Math.max(8, (int) Math.round(image.width() * scale));
        int h = Math.max(8, (int) Math.round(image.height() * scale));
        RgbImage small = org.inpaint.core.internal.Resize.image(image, w, h);
        org.inpaint.core.image.Mask smallHoles = org.inpaint.core.internal.Resize.mask(holes, w, h);
        return attention(new EngineInput(small, smallHoles))
                .map(picture -> org.inpaint.core.internal.Resize.image(picture, image.width(), image.height()));
    }

    public Block block() {
        return block;
    }

    @Override
    public void close() {
        model.close();
    }
}
