package org.inpaint.testkit.rtsp;

import org.inpaint.testkit.process.ChildProcesses;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real RTSP server on loopback for tests: GStreamer's gst-rtsp-server, driven by a small Python script
 * ({@code rtsp_server.py}, shipped next to this class) run with Debian's {@code /usr/bin/python3}.
 *
 * <p>It serves H.264 MP4 files, one mount each ({@code rtsp://127.0.0.1:PORT/MOUNT}); every client gets its own
 * session from the first frame, paced in real time, looping forever by default (or playing the file once). It
 * also has a RECORD mount ({@code /push} unless configured) that accepts a pushed H.264 stream (ANNOUNCE/RECORD,
 * e.g. JavaCV's FFmpegFrameRecorder with format {@code rtsp}) and writes each session to an MPEG-TS file, listed
 * by {@link #recordings()}. {@link #stop()} kills the server, {@link #restart()} brings it back on the same port,
 * for reconnection tests.
 *
 * <p>Needs the Debian packages that {@code scripts/test} installs: python3-gi, gir1.2-gst-rtsp-server-1.0 and
 * gstreamer1.0-plugins-{base,good,bad}. The server process exits when the JVM that started it dies (it watches
 * its standard input, which this JVM holds open, and its parent pid).
 *
 * <pre>{@code
 * try (RtspServer rtsp = RtspServer.start(Samples.videoClip(), "/cam1")) {
 *     ... new FFmpegFrameGrabber(rtsp.url()) ...
 * }
 * }</pre>
 */
public final class RtspServer implements AutoCloseable {

    /** System property naming the Python interpreter (default {@value #DEFAULT_PYTHON}, which has gi). */
    public static final String PYTHON_PROPERTY = "inpaint.rtsp.python";
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";
    public static final String DEFAULT_RECORD_MOUNT = "/push";
    private static final Pattern READY = Pattern.compile("READY (\\d+)");

    private final Map<String, Path> mounts;
    private final boolean loop;
    private final String recordMount;
    private final Duration startTimeout;
    private final Path dir;
    private final Path script;
    private final Path recordDir;
    private final Thread shutdownHook;
    private int port;
    private int generation;
    private Process process;
    private OutputStream childStdin;
    private Path stdout;
    private Path stderr;
    private Duration lastStartTime;
    private boolean closed;

    private RtspServer(Builder b) throws IOException {
        this.mounts = new LinkedHashMap<>(b.mounts);
        this.loop = b.loop;
        this.recordMount = b.recordMount;
        this.startTimeout = b.startTimeout;
        this.dir = Files.createTempDirectory("inpaint-rtsp-");
        this.script = dir.resolve("rtsp_server.py");
        try (InputStream in = RtspServer.class.getResourceAsStream("rtsp_server.py")) {
            if (in == null) {
                throw new IllegalStateException("rtsp_server.py missing from the testkit's resources");
            }
            Files.write(script, in.readAllBytes());
        }
        this.recordDir = Files.createDirectories(dir.resolve("recordings"));
        this.shutdownHook = new Thread(this::stop, "rtsp-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Serves {@code mp4} (H.264) at {@code mountPath}, looping, with a RECORD mount at {@code /push}. */
    public static RtspServer start(Path mp4, String mountPath) {
        return builder().serve(mountPath, mp4).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The URL of the first served mount: {@code rtsp://127.0.0.1:PORT/MOUNT}. */
    public String url() {
        if (mounts.isEmpty()) {
            throw new IllegalStateException("no file served");
        }
        return url(mounts.keySet().iterator().next());
    }

    public String url(String mount) {
        return "rtsp://127.0.0.1:" + port + mount;
    }

    /** Where to push a stream (ANNOUNCE + RECORD), e.g. with FFmpegFrameRecorder, format "rtsp". */
    public String recordUrl() {
        if (recordMount == null) {
            throw new IllegalStateException("this server has no RECORD mount");
        }
        return url(recordMount);
    }

    /** The MPEG-TS files written so far by RECORD sessions, oldest first (a session is written as it arrives). */
    public List<Path> recordings() {
        try (Stream<Path> files = Files.list(recordDir)) {
            return files.filter(p -> p.toString().endsWith(".ts"))
                    .sorted(Comparator.comparing(RtspServer::sessionNumber)).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The server's process while it runs. */
    public synchronized ProcessHandle process() {
        if (process == null) {
            throw new IllegalStateException("not running");
        }
        return process.toHandle();
    }

    /** How long the last (re)start took, from launching Python to the port accepting connections. */
    public Duration startTime() {
        return lastStartTime;
    }

    /** Kills the server (SIGTERM, then SIGKILL after 5 s): clients see their connection drop. Idempotent. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        ChildProcesses.stop(p, Duration.ofSeconds(5));
        try {
            childStdin.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Stops the server if it runs and starts it again on the same port, with the same mounts. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        stop();
        // The port was just released; the server binds with SO_REUSEADDR, but another process could take it.
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            try {
                launch(port);
                return;
            } catch (PortTakenException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(200);
            }
        }
    }

    /** The last {@code lines} lines of the server's diagnostics (GStreamer and the script write to stderr). */
    public String logTail(int lines) {
        return ChildProcesses.tail(stderr, lines);
    }

    /** Stops the server and deletes its temporary directory (script and recordings). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // shutting down
        }
        ChildProcesses.deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "RtspServer[127.0.0.1:" + port + ", mounts " + mounts.keySet()
                + (recordMount != null ? ", record " + recordMount : "") + "]";
    }

    /** Options of a server to start. */
    public static final class Builder {
        private final Map<String, Path> mounts = new LinkedHashMap<>();
        private boolean loop = true;
        private String recordMount = DEFAULT_RECORD_MOUNT;
        private Duration startTimeout = Duration.ofSeconds(20);

        private Builder() {
        }

        /** Serves an H.264 MP4 at {@code mount} (e.g. {@code "/cam1"}). */
        public Builder serve(String mount, Path mp4) {
            checkMount(mount);
            if (!Files.isRegularFile(mp4)) {
                throw new IllegalArgumentException("no such file: " + mp4);
            }
            if (mounts.put(mount, mp4.toAbsolutePath()) != null) {
                throw new IllegalArgumentException("mount served twice: " + mount);
            }
            return this;
        }

        /** True (default): every client sees the file loop forever. False: the file once, then end of stream. */
        public Builder loop(boolean loop) {
            this.loop = loop;
            return this;
        }

        /** The RECORD mount ({@code /push} by default); null for none. */
        public Builder recordMount(String mount) {
            if (mount != null) {
                checkMount(mount);
            }
            this.recordMount = mount;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public RtspServer start() {
            if (mounts.isEmpty() && recordMount == null) {
                throw new IllegalStateException("nothing to serve: no file and no RECORD mount");
            }
            if (recordMount != null && mounts.containsKey(recordMount)) {
                throw new IllegalArgumentException("mount used twice: " + recordMount);
            }
            RtspServer s;
            try {
                s = new RtspServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                s.launch(0);
                return s;
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        }

        private static void checkMount(String mount) {
            if (!mount.startsWith("/") || mount.length() < 2 || mount.contains("=") || mount.contains(" ")) {
                throw new IllegalArgumentException("a mount is a path like /cam1, not " + mount);
            }
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    private void launch(int requestedPort) {
        long t0 = System.nanoTime();
        generation++;
        stdout = dir.resolve("server-" + generation + ".out");
        stderr = dir.resolve("server-" + generation + ".log");
        String python = System.getProperty(PYTHON_PROPERTY, DEFAULT_PYTHON);
        List<String> cmd = new ArrayList<>(List.of(python, "-u", script.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(requestedPort)));
        mounts.forEach((mount, file) -> cmd.addAll(List.of("--serve", mount + "=" + file)));
        if (loop) {
            cmd.add("--loop");
        }
        if (recordMount != null) {
            cmd.addAll(List.of("--record", recordMount + "=" + recordDir));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        // Debian's python3 with Debian's gi: keep a pyenv/venv environment from leaking in.
        pb.environment().remove("PYTHONPATH");
        pb.environment().remove("PYTHONHOME");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + python + " (Debian's python3 with python3-gi; "
                    + "scripts/test installs it): " + e.getMessage(), e);
        }
        synchronized (this) {
            process = p;
            childStdin = p.getOutputStream();
        }
        try {
            int bound = awaitReady(p, t0);
            port = bound;
            lastStartTime = Duration.ofNanos(System.nanoTime() - t0);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private int awaitReady(Process p, long t0) {
        long deadline = t0 + startTimeout.toNanos();
        int bound = -1;
        while (true) {
            if (bound < 0) {
                Matcher m = READY.matcher(read(stdout));
                if (m.find()) {
                    bound = Integer.parseInt(m.group(1));
                }
            }
            if (bound > 0 && accepts(bound)) {
                return bound;
            }
            if (!p.isAlive()) {
                String log = ChildProcesses.tail(stderr, 40);
                String msg = "the RTSP server exited with " + p.exitValue() + " before it was ready:\n" + log
                        + (log.contains("No module named 'gi'") || log.contains("Namespace GstRtspServer")
                        ? "\n(install python3-gi and gir1.2-gst-rtsp-server-1.0: scripts/test does)" : "");
                if (log.contains("could not listen")) {
                    throw new PortTakenException(msg);
                }
                throw new IllegalStateException(msg);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the RTSP server was not ready within " + startTimeout
                        + "; its log:\n" + ChildProcesses.tail(stderr, 40));
            }
            sleep(20);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int sessionNumber(Path p) {
        String name = p.getFileName().toString();
        try {
            return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1, name.length() - 3));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
