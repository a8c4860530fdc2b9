package org.inpaint.training.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * The logistic GAN loss of SWAP's multi-scale PatchGAN (Eq. 10) over raw scores, one list entry per scale (see
 * {@link org.inpaint.training.critics.MultiScalePatchDiscriminator}), every patch score a separate real/fake
 * decision. With σ the sigmoid, −log σ(x) = softplus(−x) and −log(1 − σ(x)) = softplus(x):
 * <pre>
 *   discriminator  Σ_k mean softplus(−D_k(real)) + mean softplus(D_k(fake))
 *   generator      Σ_k mean softplus(−D_k(fake))          (non-saturating: −log D(fake))
 * </pre>
 * Eq. 10 prints the fake term as (1 − log D); it is read as the usual log(1 − D).
 */
public final class PatchGanLoss {

    private PatchGanLoss() {
    }

    public static NDArray discriminator(List<NDArray> real, List<NDArray> fake) {
        if (real.size() != fake.size() || real.isEmpty()) {
            throw new IllegalArgumentException("need as many real as fake scales, got " + real.size() + " and " + fake.size());
        }
        NDArray sum = null;
        for (int k = 0; k < real.size(); k++) {
            NDArray l = realTerm(real.get(k)).add(fakeTerm(fake.get(k)));
            sum = sum == null ? l : sum.add(l);
        }
        return sum;
    }

    public static NDArray generator(List<NDArray> fake) {
        if (fake.isEmpty()) {
            throw new IllegalArgumentException("no scales");
        }
        NDArray sum = null;
        for (NDArray f : fake) {
            NDArray l = realTerm(f);
            sum = sum == null ? l : sum.add(l);
        }
        return sum;
    }

    /** mean −log σ(x): the cost of calling these scores fake when they should read real. */
    public static NDArray realTerm(NDArray scores) {
        return Activation.softPlus(scores.neg()).mean();
    }

    /** mean −log(1 − σ(x)). */
    public static NDArray fakeTerm(NDArray scores) {
        return Activation.softPlus(scores).mean();
    }
}
