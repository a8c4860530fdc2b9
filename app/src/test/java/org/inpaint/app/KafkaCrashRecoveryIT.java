package org.inpaint.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.inpaint.testkit.Samples;
import org.inpaint.app.cli.KafkaFaults;
import org.inpaint.testkit.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service consuming a real broker is killed with SIGKILL mid-stream and started again: every input key
 * must appear in the output topic (at-least-once; duplicates are allowed, losses are not).
 */
class KafkaCrashRecoveryIT {

    private static final Path JAR = Path.of(System.getProperty("inpaint.jar", "target/inpaint.jar"));

    private static Process serve(KafkaBroker broker, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", JAR.toAbsolutePath().toString(), "serve", "--port", "0", "--host", "127.0.0.1",
                "--set", "streams.demo=false", "--set", "kafka.enabled=true",
                "--set", "kafka.bootstrapServers=" + broker.bootstrapServers(), "--set", "kafka.engine=patchmatch",
                "--set", "kafka.inputTopic=crash-in", "--set", "kafka.outputTopic=crash-out", "--set", "kafka.deadLetterTopic=crash-dlq",
                "--set", "kafka.groupId=crash", "--set", "kafka.maxPollRecords=4"));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve-" + System.nanoTime() + ".log").toFile()).start();
    }

    private static Set<String> outputKeys(KafkaBroker broker, int want, Duration timeout) {
        return KafkaFaults.keys(broker, "crash-out", want, timeout).keySet();
    }

    @Test
    void noMessageIsLostWhenTheServiceIsKilledMidStream(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("crash-in", 2);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            byte[] photo = Samples.photo(Samples.photoNamed("orange"));
            int n = 30;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
                for (int i = 0; i < n; i++) {
                    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("crash-in", ("c" + i).getBytes(), photo);
                    r.headers().add("inpaint-mask-json", "{\"boxes\": [[150, 150, 140, 120]]}".getBytes());
                    producer.send(r);
                }
            }
            Process first = serve(broker, dir);
            Set<String> before = outputKeys(broker, 5, Duration.ofSeconds(90));
            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertTrue(before.size() >= 5 && before.size() < n, "killed mid-stream after " + before.size() + " outputs");
            Process second = serve(broker, dir);
            try {
                Set<String> after = outputKeys(broker, n, Duration.ofSeconds(180));
                assertEquals(n, after.size(), "every input key reached the output after the restart");
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
