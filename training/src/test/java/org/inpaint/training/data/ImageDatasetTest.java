package org.inpaint.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inpaint.core.InpaintException;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDatasetTest {

    @TempDir
    Path dir;

    @Test
    void findsImagesRecursivelyInAStableOrderAndSkipsOtherFiles() throws Exception {
        Path nested = Files.createDirectories(dir.resolve("b/inner"));
        Files.write(nested.resolve("z.jpg"), Samples.photo(Samples.photos().get(0)));
        Files.write(dir.resolve("a.JPG"), Samples.photo(Samples.photos().get(1)));
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        Files.writeString(dir.resolve(".hidden.jpg"), "skipped");
        ImageDataset d = ImageDataset.scan(dir);
        assertEquals(List.of("a.JPG", "b/inner/z.jpg"), d.files().stream().map(d::relative).toList());
    }

    @Test
    void theSplitIsByFileDeterministicAndStableWhenOtherFilesAreAdded() {
        List<Path> photos = Samples.copyPhotosTo(dir);
        ImageDataset all = ImageDataset.scan(dir);
        ImageDataset.Split a = all.split(0.3, 7);
        ImageDataset.Split b = ImageDataset.scan(dir).split(0.3, 7);
        assertEquals(a, b);
        assertEquals(photos.size(), a.train().size() + a.val().size());
        assertTrue(a.val().size() >= 2 && a.val().size() <= 12, "about 30 % of " + photos.size() + ": " + a.val().size());
        assertNotEquals(a.val(), all.split(0.3, 8).val(), "another seed, another split");
        // removing a training file moves no other file between the sets
        Path removed = a.train().get(0);
        ImageDataset.Split fewer = ImageDataset.scan(dir).split(0.3, 7);
        try {
            Files.delete(removed);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        fewer = ImageDataset.scan(dir).split(0.3, 7);
        assertEquals(a.val(), fewer.val());
    }

    @Test
    void severalDirectoriesAreOneDatasetWithTheirNamesKeptApart() throws Exception {
        List<Path> photos = Samples.copyPhotosTo(dir.resolve("all"));
        Path first = Files.createDirectories(dir.resolve("photos"));
        Path second = Files.createDirectories(dir.resolve("photos-more"));
        Files.copy(photos.get(0), first.resolve("same.jpg"));
        Files.copy(photos.get(1), second.resolve("same.jpg"));
        Files.copy(photos.get(2), second.resolve("other.jpg"));
        ImageDataset both = ImageDataset.scanAll(List.of(first, second));
        assertEquals(List.of("photos/same.jpg", "photos-more/other.jpg", "photos-more/same.jpg"),
                both.files().stream().map(both::relative).toList());
        assertEquals(List.of("same.jpg"), ImageDataset.scanAll(List.of(first)).files().stream()
                .map(ImageDataset.scan(first)::relative).toList(), "one directory keeps the plain names");
        InpaintException missing = assertThrows(InpaintException.class,
                () -> ImageDataset.scanAll(List.of(first, dir.resolve("nope"))));
        assertEquals("data", missing.field());
    }

    @Test
    void aMissingOrEmptyDirectoryIsABadInputNamingIt() throws Exception {
        InpaintException missing = assertThrows(InpaintException.class, () -> ImageDataset.scan(dir.resolve("nope")));
        assertEquals("data", missing.field());
        assertTrue(missing.getMessage().contains("not a directory"), missing.getMessage());
        Files.writeString(dir.resolve("readme.md"), "x");
        InpaintException empty = assertThrows(InpaintException.class, () -> ImageDataset.scan(dir));
        assertTrue(empty.getMessage().startsWith("no images"), empty.getMessage());
    }
}
