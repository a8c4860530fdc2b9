package org.inpaint.app.stream;

import org.inpaint.ingest.video.VideoSourceSpec;

/**
 * A stream to run: its source, engine, how holes are found, and whether remembered background fills holes first.
 *
 * @param live            live sources keep only the newest waiting frame (frames dropped and counted); offline
 *                        sources process every frame, the source waiting for the engine
 * @param temporalFill    fill holes from the per-stream background memory where it is valid
 * @param memoryMaxAge    frames a background pixel stays usable after it was last seen, and a carried fill before it is redone
 */
public record StreamSpec(String id, VideoSourceSpec source, String engine, boolean live, boolean temporalFill,
                         int memoryMaxAge) {
}
