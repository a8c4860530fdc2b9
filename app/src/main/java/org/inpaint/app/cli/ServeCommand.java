package org.inpaint.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.inpaint.app.InpaintServer;
import org.inpaint.app.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the HTTP service and web UI (http://localhost:8080/ by default) until stopped.")
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default from configuration: 8080; 0 = any free port).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind (default from configuration: 127.0.0.1, this machine only; any other address "
            + "requires the API token, generated and printed when http.token is not set).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> extra = new LinkedHashMap<>();
        if (port != null) {
            extra.put("http.port", port.toString());
        }
        if (host != null) {
            extra.put("http.host", host);
        }
        Settings settings = config.load(extra);
        InpaintServer server = InpaintServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "inpaint-shutdown"));
        String host = settings.http().host();
        String shown = org.inpaint.app.security.ApiToken.isLoopback(host) || host.equals("0.0.0.0") || host.equals("::")
                ? "localhost" : host;
        String url = "http://" + shown + ":" + server.port() + "/";
        if (server.token().generated()) {
            System.out.println("inpaint is serving on " + url + " for other machines too; open it with its API token:");
            System.out.println("    " + url + "login?token=" + server.token().value().orElseThrow());
            System.out.println("  (API clients send 'Authorization: Bearer <token>'; the token is kept in "
                    + settings.paths().state().resolve("http-token") + ")  (Ctrl+C to stop)");
        } else {
            System.out.println("inpaint is serving on " + url + (server.token().required() ? " (API token required)" : "")
                    + "  (Ctrl+C to stop)");
        }
        stopped.await();
        return 0;
    }
}
