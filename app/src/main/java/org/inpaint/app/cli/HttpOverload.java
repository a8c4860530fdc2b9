package org.inpaint.app.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.inpaint.testkit.http.Multipart;

/**
 * Overload of a running server's {@code POST /v1/inpaint}: first the sustainable rate (a closed loop of
 * {@code clients} requests in flight), then an open loop at {@code factor} times that rate, whatever the answers.
 * Counts the answers by status, the latency of the accepted ones, and the server's resident memory (read from
 * {@code /proc/<pid>/status}) after the warm probe and at the end.
 */
public final class HttpOverload {

    /** What one run measured. */
    public record Result(double sustainablePerSecond, double offeredPerSecond, int sent, Map<Integer, Integer> statuses,
                         int unanswered, Map<String, Integer> unansweredBecause, int retryAfterMissing, double acceptedP50Ms, double acceptedP99Ms,
                         long rssAfterProbeKb, long rssSettledKb, long rssPeakKb, long rssPeakAfterSettlingKb, long rssEndKb) {

        /** Answers of 500 and above other than 503 with Retry-After: failures under overload. */
        public int serverErrors() {
            return statuses.entrySet().stream().filter(e -> e.getKey() >= 500 && e.getKey() != 503)
                    .mapToInt(Map.Entry::getValue).sum() + retryAfterMissing;
        }

        public double rssGrowth() {
            return rssEndKb / (double) rssAfterProbeKb - 1;
        }

        /**
         * From a sixth into the overload (the queue full and accepted work at its most) to the highest RSS after
         * that: whether memory stays flat once the overload has settled.
         */
        public double rssGrowthAfterSettling() {
            return rssPeakAfterSettlingKb / (double) rssSettledKb - 1;
        }
    }

    private final URI inpaint;
    private final byte[] body;
    private final String contentType;
    private final long serverPid;
    // HTTP/1.1: one connection per request in flight, as independent clients would open (HTTP/2 would cap the
    // streams of one connection and refuse the rest on the client side)
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param baseUrl   e.g. {@code http://127.0.0.1:8080}
     * @param photo     the uploaded image
     * @param boxes     its holes, "x,y,w,h"
     * @param engine    the engine asked for
     * @param serverPid the server's process (this one when it runs in-process), for its RSS
     */
    public HttpOverload(String baseUrl, byte[] photo, String boxes, String engine, long serverPid) {
        this.inpaint = URI.create(baseUrl + "/v1/inpaint");
        Multipart form = new Multipart().file("image", "photo.jpg", "image/jpeg", photo).field("boxes", boxes)
                .field("engine", engine);
        this.body = form.bytes();
        this.contentType = form.contentType();
        this.serverPid = serverPid;
    }

    public Result run(int clients, Duration probe, double factor, Duration overload) throws Exception {
        double sustainable = closedLoop(clients, probe);
        long rssAfterProbe = LoadFigures.rssKb(serverPid);
        double offered = sustainable * factor;
        long intervalNanos = (long) (1e9 / offered);
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger unanswered = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        AtomicInteger noRetryAfter = new AtomicInteger();
        List<Long> acceptedNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        AtomicLong rssPeak = new AtomicLong(rssAfterProbe);
        long rssSettled = -1;
        long rssLatePeak = -1;
        long start = System.nanoTime();
        long end = start + overload.toNanos();
        long nextRss = start;
        int sent = 0;
        for (long due = start; due < end; due += intervalNanos) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long t0 = System.nanoTime();
            inFlight.add(client.sendAsync(request(), HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                if (e != null) {
                    unanswered.incrementAndGet();
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    failures.merge(cause.getClass().getSimpleName() + ": " + cause.getMessage(), 1, Integer::sum);
                    return null;
                }
                statuses.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() == 200) {
                    acceptedNanos.add(System.nanoTime() - t0);
                } else if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
                    noRetryAfter.incrementAndGet();
                }
                return null;
            }));
            sent++;
            if (t0 >= nextRss) {
                long rss = LoadFigures.rssKb(serverPid);
                rssPeak.accumulateAndGet(rss, Math::max);
                if (rssSettled < 0 && t0 - start >= overload.toNanos() / 6) {
                    rssSettled = rss;
                }
                if (rssSettled >= 0) {
                    rssLatePeak = Math.max(rssLatePeak, rss);
                }
                nextRss = t0 + 1_000_000_000L;
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();
        long rssEnd = LoadFigures.rssKb(serverPid);
        long[] latencies = acceptedNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(sustainable, offered, sent, new TreeMap<>(statuses), unanswered.get(), new TreeMap<>(failures), noRetryAfter.get(),
                LoadFigures.percentileMs(latencies, 0.5), LoadFigures.percentileMs(latencies, 0.99), rssAfterProbe, rssSettled < 0 ? rssEnd : rssSettled,
                Math.max(rssPeak.get(), rssEnd), Math.max(rssLatePeak, rssEnd), rssEnd);
    }

    /** Requests answered per second with {@code clients} always in flight (the first second is warm-up). */
    private double closedLoop(int clients, Duration probe) throws Exception {
        AtomicInteger done = new AtomicInteger();
        long warm = System.nanoTime() + 1_000_000_000L;
        long end = warm + probe.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<Void> r = client.send(request(), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200 && System.nanoTime() >= warm) {
                            done.incrementAndGet();
                        }
                    } catch (IOException e) {
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "overload-probe-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - warm) / 1e9;
        if (done.get() == 0) {
            throw new IllegalStateException("no request succeeded while probing the sustainable rate");
        }
        return done.get() / seconds;
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(inpaint).timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** A Markdown summary. */
    public static String table(Result r) {
        return String.format(java.util.Locale.ROOT, "| sustainable req/s | offered req/s | sent | answers by status | unanswered "
                        + "| 5xx other than 503+Retry-After | accepted p50 ms | accepted p99 ms | RSS after probe MB "
                        + "| RSS a sixth in MB | RSS peak MB | RSS end MB | growth from probe | growth after a sixth |%n"
                        + "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n"
                        + "| %.1f | %.1f | %d | %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %+.1f %% | %+.1f %% |%n",
                r.sustainablePerSecond(), r.offeredPerSecond(), r.sent(), r.statuses(), r.unanswered(), r.serverErrors(),
                r.acceptedP50Ms(), r.acceptedP99Ms(), r.rssAfterProbeKb() / 1024.0, r.rssSettledKb() / 1024.0,
                r.rssPeakKb() / 1024.0, r.rssEndKb() / 1024.0, 100 * r.rssGrowth(), 100 * r.rssGrowthAfterSettling());
    }
}
