package org.inpaint.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: its own JVM, engines found through the merged service files. */
class PackagedJarIT {

    private static final Path JAR = Path.of(System.getProperty("inpaint.jar", "target/inpaint.jar"));

    private static Process start(Path workDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
    }

    private static String runToEnd(Path workDir, String... args) throws Exception {
        Process p = start(workDir, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void enginesAndImageCommandsRunFromTheJar(@TempDir Path dir) throws Exception {
        String engines = runToEnd(dir, "engines");
        assertTrue(engines.contains("patchmatch") && engines.contains("telea") && engines.contains("ns"), engines);
        Path input = dir.resolve("orange.jpg");
        Files.write(input, Samples.photo(Samples.photoNamed("orange")));
        String out = runToEnd(dir, "image", "--input", input.toString(), "--box", "200,200,60,60", "--output", "filled.png");
        assertTrue(Files.size(dir.resolve("filled.png")) > 10_000, out);
    }

    @Test
    void serveAnswersHealthAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Process p = start(dir, "serve", "--port", "0", "--host", "127.0.0.1");
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern serving = Pattern.compile("serving on http://localhost:(\\d+)/");
            int port = -1;
            StringBuilder log = new StringBuilder();
            while (port < 0) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                log.append(line).append('\n');
                Matcher m = serving.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertTrue(port > 0, log.toString());
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"UP\""));
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s of SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }
}
