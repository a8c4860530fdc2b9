package org.inpaint.ingest.video;

import java.time.Duration;
import java.util.Locale;

/**
 * Where frames come from and how to read them.
 *
 * @param uri        a file path, or an rtsp://, rtmp://, http(s):// URL
 * @param loop       start again at the end of a file (demos)
 * @param realtime   pace a file at its frame rate, as a camera would deliver it (live demos); off = as fast as decoded
 * @param initialBackoff first reconnect delay for network sources, doubled after each failure up to maxBackoff
 * @param timeout    how long a network read may block before it counts as a failure
 */
public record VideoSourceSpec(String uri, boolean loop, boolean realtime, Duration initialBackoff, Duration maxBackoff,
                              Duration timeout) {

    public static VideoSourceSpec file(String path) {
        return new VideoSourceSpec(path, false, false, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    /**
     * A camera: reconnects back off from 0.5 s to at most 2 s, so a restarted camera delivers again within a few
     * seconds (a retry against a dead address costs next to nothing).
     */
    public static VideoSourceSpec live(String uri) {
        return new VideoSourceSpec(uri, false, true, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    public VideoSourceSpec looping() {
        return new VideoSourceSpec(uri, true, true, initialBackoff, maxBackoff, timeout);
    }

    public boolean isNetwork() {
        String u = uri.toLowerCase(Locale.ROOT);
        return u.startsWith("rtsp://") || u.startsWith("rtmp://") || u.startsWith("http://") || u.startsWith("https://")
                || u.startsWith("udp://") || u.startsWith("tcp://");
    }
}
