package org.inpaint.core.engine;

/**
 * What an engine is and how the ROI planner and scheduler should feed it.
 *
 * @param name          stable identifier used by the CLI, HTTP API and configuration ("patchmatch")
 * @param kind          classical or neural
 * @param description   one line for listings
 * @param workingSize   longest side of the crops the engine works best at; larger crops are scaled down to it.
 *                      0 means the engine works at native resolution
 * @param maxBatch      how many crops one call may carry
 * @param sizeMultiple  crop sides are padded to a multiple of this (8 for the networks, 1 for classical engines)
 * @param device        where it runs ("cpu")
 * @param ready         false when the engine cannot run yet (for example a network without trained weights)
 * @param status        why it is or is not ready, in words
 */
public record EngineInfo(String name, EngineKind kind, String description, int workingSize, int maxBatch,
                         int sizeMultiple, String device, boolean ready, String status) {

    public EngineInfo {
        if (name == null || !name.matches("[a-z][a-z0-9_-]*")) {
            throw new IllegalArgumentException("engine names are lower-case identifiers, got '" + name + "'");
        }
        if (workingSize < 0 || maxBatch < 1 || sizeMultiple < 1) {
            throw new IllegalArgumentException("bad engine info for " + name);
        }
    }

    public static EngineInfo classical(String name, String description, int workingSize) {
        return new EngineInfo(name, EngineKind.CLASSICAL, description, workingSize, 1, 1, "cpu", true, "ready");
    }
}
