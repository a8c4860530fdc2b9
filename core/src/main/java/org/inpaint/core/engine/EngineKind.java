package org.inpaint.core.engine;

/** How an engine fills holes. */
public enum EngineKind {
    /** Hand-designed algorithms (diffusion, patch search); need no weights. */
    CLASSICAL,
    /** Learned generator networks; need trained weights. */
    NEURAL
}
