package org.inpaint.app.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code inpaint serve} in a JVM of its own, on a free loopback port, so a load generator's memory and threads are
 * not counted as the server's. Closing it stops the process.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the packaged jar and waits until {@code /ready} answers 200.
     *
     * @param settings extra {@code --set KEY=VALUE} pairs
     * @param log      where the server's output goes
     */
    public static ServerProcess start(Path jar, String maxHeap, List<String> settings, Path log, Duration timeout)
            throws IOException, InterruptedException {
        return start(jar, maxHeap, settings, log, timeout, null);
    }

    /**
     * As {@link #start(Path, String, List, Path, Duration)}, on the given CPUs only ({@code taskset -c}, e.g. "0" or
     * "0-3"), or on any when {@code cpus} is null.
     */
    public static ServerProcess start(Path jar, String maxHeap, List<String> settings, Path log, Duration timeout, String cpus)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(cpus == null ? List.of() : List.of("taskset", "-c", cpus));
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Dai.djl.offline=true", "-jar", jar.toAbsolutePath().toString(), "serve",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--set", "streams.demo=false"));
        for (String s : settings) {
            cmd.add("--set");
            cmd.add(s);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(p, port);
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited with " + p.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        server.close();
        throw new IllegalStateException("the server was not ready within " + timeout + "; see " + log);
    }

    /** The jar this code runs from (the packaged one when run as {@code java -jar}). */
    public static Path ownJar() {
        try {
            return Path.of(ServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not die within 30 s of SIGKILL");
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
