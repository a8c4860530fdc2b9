package org.inpaint.app.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.inpaint.app.kafka.KafkaImagePipeline;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.testkit.Samples;
import org.inpaint.testkit.kafka.KafkaBroker;

/**
 * The packaged service ({@code inpaint serve} with Kafka on, in JVMs of its own) against a real broker (the
 * testkit's, in a JVM of its own) under the faults of a deployment: the broker restarted or killed mid-run, one of two
 * instances of a consumer group killed, and ten times more messages than it can fill. Counts what a user would:
 * keys that never came out, duplicates, dead letters, the service's resident memory and latency.
 *
 * <p>Messages are 64×64 PNG crops of a bundled photo with a 16×16 box (the {@code telea} engine); every
 * {@code poisonEvery}-th message of a fault run is not an image and must reach the dead-letter topic.
 */
public final class KafkaFaults {

    /** A fault injected a quarter of the way through a run. */
    public enum Fault {
        BROKER_RESTART("broker stopped (controlled shutdown) and started again"),
        BROKER_KILL("broker killed with SIGKILL and started again"),
        GROUP_FAILOVER("one of two instances in the group killed with SIGKILL");

        private final String description;

        Fault(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** "restart", "kill" or "failover", as {@code bench faults} names them. */
        public String label() {
            return switch (this) {
                case BROKER_RESTART -> "restart";
                case BROKER_KILL -> "kill";
                case GROUP_FAILOVER -> "failover";
            };
        }
    }

    /** What one fault run measured. {@code brokerBack} is zero for the failover. */
    public record Result(Fault fault, int good, int keysOut, long duplicates, int poison, int deadLettered,
                         int outputsBeforeFault, Duration brokerBack, boolean serviceAlive) {

        /** Image messages whose key never reached the output topic. */
        public int lost() {
            return good - keysOut;
        }

        public boolean passed() {
            return lost() == 0 && deadLettered == poison && serviceAlive;
        }
    }

    /**
     * What an overload run measured: offered {@code factor} × the sustainable rate for its length. A message is
     * lost when its key is neither in the output nor the dead-letter topic and its offset lies before the group's
     * committed offset (so it will not be consumed again); {@code behind} are the ones still waiting in the topic.
     */
    public record Overload(double sustainablePerSecond, double offeredPerSecond, int sent, int keysOut, int deadLettered,
                           int behind, int lost, double latencyP50Ms, double latencyP99Ms, long rssAfterProbeKb,
                           long rssPeakKb, long rssEndKb, boolean serviceAlive) {

        public double rssGrowth() {
            return rssEndKb / (double) rssAfterProbeKb - 1;
        }

        public double rssPeakGrowth() {
            return rssPeakKb / (double) rssAfterProbeKb - 1;
        }
    }

    private static final String BOXES = "{\"boxes\": [[20, 20, 16, 16]]}";

    private final Path jar;
    private final Path workDir;
    private final int messages;
    private final int poisonEvery;
    private final byte[] png;

    /**
     * @param jar         the packaged service
     * @param workDir     where the services' logs go
     * @param messages    messages of a fault run
     * @param poisonEvery every so many messages one is not an image
     */
    public KafkaFaults(Path jar, Path workDir, int messages, int poisonEvery) {
        this.jar = jar;
        this.workDir = workDir;
        this.messages = messages;
        this.poisonEvery = poisonEvery;
        ImageCodec codec = ImageCodec.withDefaults();
        RgbImage photo = codec.decode(Samples.photo(Samples.photoNamed("orange")), "photo").image().crop(new Rect(100, 100, 64, 64));
        this.png = codec.encode(photo, ImageFormat.PNG);
    }

    /** Sends {@link #messages} messages, runs the service, injects {@code fault} after a quarter, counts the keys out. */
    public Result run(Fault fault) throws Exception {
        String name = fault.label();
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic(name + "-in", fault == Fault.GROUP_FAILOVER ? 4 : 2);
            int poison = produceAll(broker, name + "-in");
            int good = messages - poison;
            ServerProcess first = serve(broker, name);
            ServerProcess second = fault == Fault.GROUP_FAILOVER ? serve(broker, name) : null;
            try {
                Map<String, Integer> before = keys(broker, name + "-out", good / 4, Duration.ofSeconds(180));
                if (before.size() < good / 4) {
                    throw new IllegalStateException("only " + before.size() + " of " + good + " keys out after 180 s, before any fault");
                }
                Duration back = switch (fault) {
                    case BROKER_RESTART -> broker.restart(false);
                    case BROKER_KILL -> broker.restart(true);
                    case GROUP_FAILOVER -> {
                        first.kill();
                        yield Duration.ZERO;
                    }
                };
                // the group hands a dead instance's partitions over after its session times out (45 s by default)
                Map<String, Integer> out = keys(broker, name + "-out", good, Duration.ofSeconds(300));
                Map<String, Integer> dead = keys(broker, name + "-dlq", poison, Duration.ofSeconds(60));
                long duplicates = out.values().stream().mapToInt(v -> v - 1).sum();
                boolean alive = second != null ? second.isAlive() : first.isAlive();
                return new Result(fault, good, out.size(), duplicates, poison, dead.size(), before.size(), back, alive);
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
        }
    }

    /**
     * The service's sustainable rate first ({@code probe} long, at most 256 messages in flight), then {@code factor}
     * times that rate offered open loop for {@code length}, whatever the service does.
     */
    public Overload overload(double factor, Duration probe, Duration length) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("overload-in", 2);
            broker.createTopic("overload-out", 2);
            broker.createTopic("overload-dlq", 1);
            ServerProcess service = serve(broker, "overload");
            Map<String, long[]> placed = new ConcurrentHashMap<>();   // key -> {partition, offset}
            Set<String> out = ConcurrentHashMap.newKeySet();
            Set<String> dead = ConcurrentHashMap.newKeySet();
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean measuring = new AtomicBoolean(false);
            AtomicBoolean reading = new AtomicBoolean(true);
            Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
            Thread reader = new Thread(() -> readResults(broker, out, dead, positions, latencies, measuring, reading),
                    "overload-results");
            reader.start();
            try (KafkaProducer<byte[], byte[]> producer = producer(broker, "1")) {
                AtomicLong sent = new AtomicLong();
                // sustainable rate: a closed loop of at most 256 messages in flight; the first second is warm-up
                long warm = System.nanoTime() + 1_000_000_000L;
                long probeEnd = warm + probe.toNanos();
                int doneAtWarm = -1;
                while (System.nanoTime() < probeEnd) {
                    if (doneAtWarm < 0 && System.nanoTime() >= warm) {
                        doneAtWarm = out.size();
                    }
                    if (sent.get() - out.size() < 256) {
                        send(producer, "overload-in", "p" + sent.getAndIncrement(), png, placed);
                    } else {
                        Thread.sleep(1);
                    }
                }
                double sustainable = (out.size() - Math.max(0, doneAtWarm)) / (probe.toNanos() / 1e9);
                if (sustainable <= 0) {
                    throw new IllegalStateException("no message came out while probing the sustainable rate");
                }
                long rssAfterProbe = LoadFigures.rssKb(service.pid());
                long rssPeak = rssAfterProbe;
                double offered = factor * sustainable;
                long interval = (long) (1e9 / offered);
                long start = System.nanoTime();
                long end = start + length.toNanos();
                long nextRss = start;
                int overloadSent = 0;
                measuring.set(true);
                for (long due = start; due < end; due += interval) {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    send(producer, "overload-in", "o" + overloadSent++, png, placed);
                    if (System.nanoTime() >= nextRss) {
                        rssPeak = Math.max(rssPeak, LoadFigures.rssKb(service.pid()));
                        nextRss += 1_000_000_000L;
                    }
                }
                producer.flush();
                measuring.set(false);
                long rssEnd = LoadFigures.rssKb(service.pid());
                // the committed offsets first: every message before them was published before this moment, so once
                // the reader has reached the results topics' ends as of after it, each such key is in out or dead
                Map<TopicPartition, OffsetAndMetadata> committed = broker.admin().listConsumerGroupOffsets("overload")
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                broker.admin().describeTopics(List.of("overload-out", "overload-dlq")).allTopicNames().get()
                        .forEach((topic, d) -> d.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
                Map<TopicPartition, Long> ends = new java.util.HashMap<>();
                broker.admin().listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
                long caughtUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (ends.entrySet().stream().anyMatch(e -> positions.getOrDefault(e.getKey(), 0L) < e.getValue())) {
                    if (System.nanoTime() > caughtUp) {
                        throw new IllegalStateException("the results reader did not reach " + ends + " within 60 s: " + positions);
                    }
                    Thread.sleep(50);
                }
                Set<String> outNow = Set.copyOf(out);
                Set<String> deadNow = Set.copyOf(dead);
                int behind = 0;
                int lost = 0;
                for (Map.Entry<String, long[]> e : placed.entrySet()) {
                    if (outNow.contains(e.getKey()) || deadNow.contains(e.getKey())) {
                        continue;
                    }
                    OffsetAndMetadata c = committed.get(new TopicPartition("overload-in", (int) e.getValue()[0]));
                    if (c == null || e.getValue()[1] >= c.offset()) {
                        behind++;
                    } else {
                        lost++;
                    }
                }
                long[] sorted = latencies.stream().mapToLong(ms -> ms * 1_000_000L).sorted().toArray();
                return new Overload(sustainable, overloadSent / (length.toNanos() / 1e9), (int) sent.get() + overloadSent,
                        outNow.size(), deadNow.size(), behind, lost, LoadFigures.percentileMs(sorted, 0.5),
                        LoadFigures.percentileMs(sorted, 0.99), rssAfterProbe, Math.max(rssPeak, rssEnd), rssEnd,
                        service.isAlive());
            } finally {
                reading.set(false);
                reader.join(10_000);
                service.close();
            }
        }
    }

    /** A Markdown table of fault runs. */
    public static String table(List<Result> results) {
        StringBuilder b = new StringBuilder("| fault | broker back in | keys out | lost | duplicates | poison in the dead-letter topic "
                + "| service alive |\n|---|---:|---:|---:|---:|---:|---|\n");
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %,d of %,d | %d | %d | %d of %d | %s |%n", r.fault().description(),
                    r.fault() == Fault.GROUP_FAILOVER ? "(rebalance)" : String.format(Locale.ROOT, "%.1f s", r.brokerBack().toMillis() / 1e3),
                    r.keysOut(), r.good(), r.lost(), r.duplicates(), r.deadLettered(), r.poison(), r.serviceAlive() ? "yes" : "no"));
        }
        return b.toString();
    }

    /** A Markdown table of an overload run. */
    public static String table(Overload o) {
        return String.format(Locale.ROOT, "| sustainable msg/s | offered msg/s | sent | keys out | behind (not yet consumed) | lost "
                        + "| latency p50 ms | latency p99 ms | RSS after probe MB | RSS peak MB | RSS end MB | RSS growth | service alive |%n"
                        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|%n"
                        + "| %.1f | %.1f | %,d | %,d | %,d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %+.1f %% (peak %+.1f %%) | %s |%n",
                o.sustainablePerSecond(), o.offeredPerSecond(), o.sent(), o.keysOut(), o.behind(), o.lost(), o.latencyP50Ms(),
                o.latencyP99Ms(), o.rssAfterProbeKb() / 1024.0, o.rssPeakKb() / 1024.0, o.rssEndKb() / 1024.0,
                100 * o.rssGrowth(), 100 * o.rssPeakGrowth(), o.serviceAlive() ? "yes" : "no");
    }

    private ServerProcess serve(KafkaBroker broker, String name) throws Exception {
        return ServerProcess.start(jar, "1g", List.of("kafka.enabled=true", "kafka.bootstrapServers=" + broker.bootstrapServers(),
                "kafka.engine=telea", "kafka.inputTopic=" + name + "-in", "kafka.outputTopic=" + name + "-out",
                "kafka.deadLetterTopic=" + name + "-dlq", "kafka.groupId=" + name),
                workDir.resolve("serve-" + name + "-" + System.nanoTime() + ".log"), Duration.ofSeconds(120));
    }

    /** Sends the fault run's messages (every {@link #poisonEvery}-th one not an image); returns how many are poison. */
    private int produceAll(KafkaBroker broker, String topic) {
        int poison = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(broker, "all")) {
            for (int i = 0; i < messages; i++) {
                boolean bad = i % poisonEvery == poisonEvery - 1;
                send(producer, topic, "k" + i, bad ? "not an image".getBytes(StandardCharsets.UTF_8) : png, null);
                poison += bad ? 1 : 0;
            }
        }
        return poison;
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaBroker broker, String acks) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, acks);
        return new KafkaProducer<>(p);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value,
                             Map<String, long[]> placed) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
        r.headers().add("inpaint-mask-json", BOXES.getBytes(StandardCharsets.UTF_8));
        producer.send(r, (metadata, error) -> {
            if (error == null && placed != null) {
                placed.put(key, new long[] {metadata.partition(), metadata.offset()});
            }
        });
    }

    private static Properties consumerProperties(KafkaBroker broker) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return c;
    }

    /** Counts per key read from a topic so far, polling until {@code want} distinct keys or the timeout. */
    public static Map<String, Integer> keys(KafkaBroker broker, String topic, int want, Duration timeout) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(broker))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (counts.size() < want && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> counts.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum));
            }
        }
        return counts;
    }

    private static void readResults(KafkaBroker broker, Set<String> out, Set<String> dead, Map<TopicPartition, Long> positions,
                                    List<Long> latencies, AtomicBoolean measuring, AtomicBoolean reading) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(broker))) {
            consumer.subscribe(List.of("overload-out", "overload-dlq"));
            while (reading.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    (r.topic().endsWith("-dlq") ? dead : out).add(key);
                    positions.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                    Header latency = r.headers().lastHeader(KafkaImagePipeline.LATENCY_HEADER);
                    if (measuring.get() && latency != null) {
                        latencies.add(Long.parseLong(new String(latency.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
    }
}
