package org.inpaint.ingest.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDirectoryTest {

    @Test
    void masksAreMatchedByNameInTheirOwnDirectory(@TempDir Path tmp) throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path masks = Files.createDirectories(tmp.resolve("masks"));
        for (String n : List.of("a.jpg", "b.png", "c.webp", "notes.txt")) {
            Files.writeString(images.resolve(n), "x");
        }
        Files.writeString(masks.resolve("a.png"), "x");
        Files.writeString(masks.resolve("b_mask.png"), "x");
        List<ImageMaskPair> pairs = ImageDirectory.pairs(images, masks);
        assertEquals(3, pairs.size(), "notes.txt is not an image");
        assertEquals(Optional.of(masks.resolve("a.png")), pairs.get(0).mask());
        assertEquals(Optional.of(masks.resolve("b_mask.png")), pairs.get(1).mask());
        assertTrue(pairs.get(2).mask().isEmpty());
    }

    @Test
    void inOneDirectoryMaskFilesAreNotTakenAsImages(@TempDir Path dir) throws Exception {
        for (String n : List.of("street.jpg", "street_mask.png", "park.jpg", "park.mask.png", "lake.jpg")) {
            Files.writeString(dir.resolve(n), "x");
        }
        List<ImageMaskPair> pairs = ImageDirectory.pairs(dir, dir);
        assertEquals(List.of("lake.jpg", "park.jpg", "street.jpg"),
                pairs.stream().map(p -> p.image().getFileName().toString()).toList());
        assertTrue(pairs.get(0).mask().isEmpty(), "lake.jpg must not be its own mask");
        assertEquals(Optional.of(dir.resolve("park.mask.png")), pairs.get(1).mask());
        assertEquals(Optional.of(dir.resolve("street_mask.png")), pairs.get(2).mask());
    }
}
