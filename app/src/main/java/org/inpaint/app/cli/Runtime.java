package org.inpaint.app.cli;

import org.inpaint.app.config.Settings;

/** Process-wide settings applied once at start-up. */
final class Runtime {

    private Runtime() {
    }

    /** DJL must never download at run time: natives come from the Maven jars, unpacked into the cache dir. */
    static void configureDjl(Settings s) {
        System.setProperty("ai.djl.offline", Boolean.toString(s.djl().offline()));
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", s.djl().cacheDir().toAbsolutePath().toString());
        }
    }
}
