package org.inpaint.inference.neural;

/**
 * Where a network's layer plan departs from the network as built, beyond its width: the settings that a model card
 * records and a resumed or warm-started run must keep, since they change what the weights mean.
 */
public record LayerPlan(Normalisation normalisation, HeadSkip headSkip) {

    /** Every network as its paper (or our reading of it) builds it. */
    public static final LayerPlan AS_BUILT = new LayerPlan(Normalisation.NONE, HeadSkip.NONE);

    public LayerPlan {
        normalisation = normalisation == null ? Normalisation.NONE : normalisation;
        headSkip = headSkip == null ? HeadSkip.NONE : headSkip;
    }

    /** From the labels of cards, configuration and flags; blank ones mean as built. */
    public static LayerPlan of(String normalisation, String headSkip) {
        return new LayerPlan(Normalisation.of(normalisation, "normalisation"), HeadSkip.of(headSkip, "headSkip"));
    }

    public boolean isAsBuilt() {
        return equals(AS_BUILT);
    }
}
