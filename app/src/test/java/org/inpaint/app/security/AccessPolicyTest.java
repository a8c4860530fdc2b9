package org.inpaint.app.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inpaint.core.InpaintException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessPolicyTest {

    @Test
    void filesResolveUnderTheirRootsAndNothingLeadsOut(@TempDir Path dir) throws Exception {
        Path media = Files.createDirectories(dir.resolve("media"));
        Path outside = Files.createDirectories(dir.resolve("secret"));
        Files.writeString(outside.resolve("key"), "x");
        Files.createSymbolicLink(media.resolve("link"), outside);
        AccessPolicy p = new AccessPolicy(List.of(media), List.of(dir.resolve("out")), List.of(), List.of(dir.resolve("runs")), List.of());

        assertEquals(media.toRealPath().resolve("cam/a.mp4"), p.file("source", "cam/a.mp4", AccessPolicy.Area.MEDIA));
        assertEquals(media.toRealPath().resolve("b.mp4").toString(), p.source("source", media.resolve("b.mp4").toString()));
        for (String escape : new String[] {"../secret/key", "link/key", outside.resolve("key").toString(), "/etc/passwd",
                "cam/../../secret/key"}) {
            InpaintException e = assertThrows(InpaintException.class, () -> p.source("source", escape), escape);
            assertEquals(InpaintException.Kind.FORBIDDEN, e.kind(), escape);
            assertEquals("source", e.field());
            assertTrue(e.getMessage().contains("paths.media"), e.getMessage());
        }
        InpaintException noRoot = assertThrows(InpaintException.class, () -> p.file("data", "photos", AccessPolicy.Area.DATASETS));
        assertEquals(InpaintException.Kind.FORBIDDEN, noRoot.kind());
        assertTrue(noRoot.getMessage().contains("paths.datasets"), noRoot.getMessage());
        assertEquals(dir.toRealPath().resolve("runs/r1"), p.file("out", "r1", AccessPolicy.Area.RUNS));
    }

    @Test
    void urlsOnlyWithTheirSchemesAndToAllowedHosts(@TempDir Path dir) {
        AccessPolicy any = new AccessPolicy(List.of(dir), List.of(dir), List.of(), List.of(), List.of());
        assertEquals("rtsp://cam.local:554/s", any.source("source", "rtsp://cam.local:554/s"));
        assertEquals("https://example.org/v.mp4", any.source("source", "https://example.org/v.mp4"));
        for (String bad : new String[] {"file:///etc/passwd", "concat:a|b", "ftp://h/x", "gopher://h/", "subfile:,,start,0,end,0,:/x"}) {
            InpaintException e = assertThrows(InpaintException.class, () -> any.source("source", bad), bad);
            assertEquals(InpaintException.Kind.FORBIDDEN, e.kind(), bad);
        }
        assertThrows(InpaintException.class, () -> any.output("output", "https://example.org/up"));
        assertEquals("rtsp://127.0.0.1:8554/clean", any.output("output", "rtsp://127.0.0.1:8554/clean"));

        AccessPolicy listed = new AccessPolicy(List.of(dir), List.of(dir), List.of(), List.of(), List.of("cam.local"));
        assertEquals("rtsp://CAM.local/s", listed.source("source", "rtsp://CAM.local/s"));
        InpaintException e = assertThrows(InpaintException.class, () -> listed.source("source", "http://169.254.169.254/latest"));
        assertEquals(InpaintException.Kind.FORBIDDEN, e.kind());
        assertTrue(e.getMessage().contains("paths.urlHosts"), e.getMessage());
    }
}
