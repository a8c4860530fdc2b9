package org.inpaint.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.testkit.Samples;
import org.inpaint.testkit.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service consumes 10,000 messages from a real broker under faults in the middle of the run: the broker
 * stopped, or killed with SIGKILL, and started again on the same log directory; or one of two instances sharing a
 * consumer group killed with SIGKILL. Every input key must reach the output topic (at-least-once: duplicates are
 * counted and allowed, losses are not), and every poison message must reach the dead-letter topic.
 */
class KafkaFaultsIT {

    private static final Path JAR = Path.of(System.getProperty("inpaint.jar", "target/inpaint.jar"));
    private static final int MESSAGES = 10_000;
    private static final int POISON_EVERY = 1_000;

    /** The packaged service consuming {@code <name>-in} in group {@code name}, writing {@code <name>-out} and {@code -dlq}. */
    private static Process serve(KafkaBroker broker, Path dir, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", JAR.toAbsolutePath().toString(), "serve", "--port", "0", "--host", "127.0.0.1",
                "--set", "streams.demo=false", "--set", "kafka.enabled=true",
                "--set", "kafka.bootstrapServers=" + broker.bootstrapServers(), "--set", "kafka.engine=telea",
                "--set", "kafka.inputTopic=" + name + "-in", "--set", "kafka.outputTopic=" + name + "-out",
                "--set", "kafka.deadLetterTopic=" + name + "-dlq", "--set", "kafka.groupId=" + name));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve-" + System.nanoTime() + ".log").toFile()).start();
    }

    /** Sends the messages (every {@value #POISON_EVERY}th one not an image) and returns how many are poison. */
    private static int produce(KafkaBroker broker, String topic) {
        ImageCodec codec = ImageCodec.withDefaults();
        RgbImage photo = codec.decode(Samples.photo(Samples.photoNamed("orange")), "photo").image().crop(new Rect(100, 100, 64, 64));
        byte[] png = codec.encode(photo, ImageFormat.PNG);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        int poison = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < MESSAGES; i++) {
                boolean bad = i % POISON_EVERY == POISON_EVERY - 1;
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, ("k" + i).getBytes(), bad ? "not an image".getBytes() : png);
                r.headers().add("inpaint-mask-json", "{\"boxes\": [[20, 20, 16, 16]]}".getBytes());
                producer.send(r);
                poison += bad ? 1 : 0;
            }
        }
        return poison;
    }

    @Test
    void noMessageIsLostWhenOneOfTwoInstancesInAGroupIsKilled(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("failover-in", 4);
            int poison = produce(broker, "failover-in");
            int good = MESSAGES - poison;
            Process a = serve(broker, dir, "failover");
            Process b = serve(broker, dir, "failover");
            try {
                Map<String, Integer> before = keys(broker, "failover-out", good / 4, Duration.ofSeconds(180));
                assertTrue(before.size() >= good / 4, "a quarter processed before the kill: " + before.size());
                a.destroyForcibly();
                assertTrue(a.waitFor(30, TimeUnit.SECONDS));
                // the group hands the dead instance's partitions over after its session times out (45 s by default)
                Map<String, Integer> out = keys(broker, "failover-out", good, Duration.ofSeconds(300));
                Map<String, Integer> dead = keys(broker, "failover-dlq", poison, Duration.ofSeconds(60));
                long duplicates = out.values().stream().mapToInt(v -> v - 1).sum();
                System.out.printf("group failover: one of two instances killed after %d outputs; %d of %d keys out, %d duplicates, "
                        + "%d of %d poison messages in the dead-letter topic%n", before.size(), out.size(), good, duplicates, dead.size(), poison);
                assertEquals(good, out.size(), "every key reached the output after the failover");
                assertTrue(dead.size() == poison, "every poison message reached the dead-letter topic: " + dead.size());
                assertTrue(b.isAlive(), "the other instance stayed up");
            } finally {
                a.destroyForcibly();
                b.destroy();
                b.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Counts per key read from a topic so far, polling until {@code want} distinct keys or the timeout. */
    private static Map<String, Integer> keys(KafkaBroker broker, String topic, int want, Duration timeout) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (counts.size() < want && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> counts.merge(new String(r.key()), 1, Integer::sum));
            }
        }
        return counts;
    }

    @Test
    void noMessageIsLostWhenTheBrokerRestartsMidRun(@TempDir Path dir) throws Exception {
        runWithRestart(dir, false);
    }

    @Test
    void noMessageIsLostWhenTheBrokerIsKilledAndRestartedMidRun(@TempDir Path dir) throws Exception {
        runWithRestart(dir, true);
    }

    private static void runWithRestart(Path dir, boolean kill) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("restart-in", 2);
            int poison = produce(broker, "restart-in");
            int good = MESSAGES - poison;
            Process service = serve(broker, dir, "restart");
            try {
                Map<String, Integer> before = keys(broker, "restart-out", good / 4, Duration.ofSeconds(180));
                assertTrue(before.size() >= good / 4, "a quarter processed before the restart: " + before.size());
                Duration restart = broker.restart(kill);
                System.out.printf("broker %s and restarted on its log directory in %d ms after %d outputs%n",
                        kill ? "killed (SIGKILL)" : "stopped", restart.toMillis(), before.size());
                Map<String, Integer> out = keys(broker, "restart-out", good, Duration.ofSeconds(300));
                Map<String, Integer> dead = keys(broker, "restart-dlq", poison, Duration.ofSeconds(60));
                long duplicates = out.values().stream().mapToInt(v -> v - 1).sum();
                System.out.printf("broker %s: %d of %d keys out, %d duplicates, %d of %d poison messages in the dead-letter topic%n",
                        kill ? "kill" : "restart", out.size(), good, duplicates, dead.size(), poison);
                assertEquals(good, out.size(), "every key reached the output across the broker restart");
                assertEquals(poison, dead.size(), "every poison message reached the dead-letter topic");
                assertTrue(service.isAlive(), "the service stayed up");
            } finally {
                service.destroy();
                service.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
