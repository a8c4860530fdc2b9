package org.inpaint.ingest.directory;

import java.nio.file.Path;
import java.util.Optional;

/** An image file and the mask file matched to it by name (absent when none was found). */
public record ImageMaskPair(Path image, Optional<Path> mask) {
}
