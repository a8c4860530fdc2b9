package org.inpaint.app.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.quality.Quality;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.SchedulerSettings;
import org.inpaint.testkit.Samples;
import org.inpaint.testkit.kafka.KafkaBroker;
import org.inpaint.training.eval.Evaluation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kafka image pipeline against a real broker in its own JVM. */
class KafkaPipelineTest {

    private static final ImageCodec CODEC = ImageCodec.withDefaults();
    private static KafkaBroker broker;
    private static RgbImage photo;
    private static byte[] photoJpeg;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
        RgbImage full = CODEC.decode(Samples.photo(Samples.photoNamed("orange")), "p").image();
        photo = full.crop(new Rect(100, 100, 160, 120));
        photoJpeg = CODEC.encode(photo, ImageFormat.JPEG);
        photo = CODEC.decode(photoJpeg, "p").image();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static KafkaSettings settings(String prefix, List<String> boxes) {
        return new KafkaSettings(true, broker.bootstrapServers(), prefix + "-group", prefix + "-in", prefix + "-out",
                prefix + "-dlq", "telea", "png", 8, boxes);
    }

    private static BatchScheduler scheduler(int workers, int capacity) {
        return BatchScheduler.create(EngineRegistry.load(), RoiPlanner.withDefaults(),
                new SchedulerSettings(workers, capacity, 4, Duration.ofMillis(10)));
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Reads a topic until {@code count} records arrived or the timeout passed. */
    static List<ConsumerRecord<byte[], byte[]>> readTopic(String topic, int count, Duration timeout) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        return r.headers().lastHeader(key) == null ? null : new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    @Test
    void imagesComeOutFilledUnderTheirKeysAndPoisonGoesToTheDeadLetterTopic() throws Exception {
        broker.createTopic("rt-in", 3);
        Mask mask = Mask.ofBoxes(photo.width(), photo.height(), List.of(new Rect(40, 30, 30, 25)));
        byte[] maskPng = new MaskCodec(CODEC).encode(mask, ImageFormat.PNG);
        try (BatchScheduler scheduler = scheduler(2, 8);
             KafkaImagePipeline pipeline = new KafkaImagePipeline(settings("rt", List.of()), scheduler, CODEC).start();
             KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < 12; i++) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("rt-in", ("k" + i).getBytes(), photoJpeg);
                if (i % 2 == 0) {
                    r.headers().add(ImageMessages.MASK, maskPng);
                } else {
                    r.headers().add(ImageMessages.MASK_JSON, "{\"boxes\": [[40, 30, 30, 25]]}".getBytes());
                }
                producer.send(r);
            }
            producer.send(new ProducerRecord<>("rt-in", "poison".getBytes(), "not an image at all".getBytes()));
            ProducerRecord<byte[], byte[]> wrongMask = new ProducerRecord<>("rt-in", "wrong-mask".getBytes(), photoJpeg);
            wrongMask.headers().add(ImageMessages.MASK, new MaskCodec(CODEC).encode(Mask.ofBoxes(10, 10, List.of(new Rect(1, 1, 2, 2))), ImageFormat.PNG));
            producer.send(wrongMask);
            producer.flush();

            List<ConsumerRecord<byte[], byte[]>> out = readTopic("rt-out", 12, Duration.ofSeconds(60));
            List<ConsumerRecord<byte[], byte[]>> dead = readTopic("rt-dlq", 2, Duration.ofSeconds(30));
            Set<String> keys = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : out) {
                keys.add(new String(r.key()));
                RgbImage filled = CODEC.decode(r.value(), "out").image();
                for (int y = 0; y < photo.height(); y++) {
                    for (int x = 0; x < photo.width(); x++) {
                        if (!mask.isHole(x, y)) {
                            assertEquals(photo.get(x, y, 0), filled.get(x, y, 0), "known pixel of " + new String(r.key()));
                        }
                    }
                }
                assertEquals("telea", header(r, "inpaint-engine"));
                assertEquals("rt-in", header(r, "inpaint-source-topic"));
            }
            assertEquals(12, keys.size(), "every key once: " + keys);
            Map<String, String> errors = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                errors.put(new String(r.key()), header(r, "inpaint-error"));
            }
            assertTrue(errors.get("poison").contains("not a JPEG, PNG, WebP, BMP or TIFF"), errors.toString());
            assertTrue(errors.get("wrong-mask").contains("mask is 10x10 but the image is 160x120"), errors.toString());
            assertEquals(12, pipeline.stats().published());
            assertEquals(2, pipeline.stats().deadLettered());
        }
    }

    @Test
    void aMessageSelectsTheObjectToRemoveByHeader() throws Exception {
        broker.createTopic("sel-in", 1);
        org.inpaint.ingest.synth.Composites.Composite c = org.inpaint.ingest.synth.Composites.make(photo,
                CODEC.decode(Samples.photo(Samples.photos().get(1)), "p").image(), new java.util.Random(3), 256, 0.05);
        byte[] png = CODEC.encode(c.image(), ImageFormat.PNG);
        Rect b = c.box();
        try (BatchScheduler scheduler = scheduler(1, 8);
             KafkaImagePipeline pipeline = new KafkaImagePipeline(settings("sel", List.of()), scheduler, CODEC).start();
             KafkaProducer<byte[], byte[]> producer = producer()) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("sel-in", "object".getBytes(), png);
            r.headers().add(ImageMessages.SELECT, (b.x() + "," + b.y() + "," + b.width() + "," + b.height()).getBytes());
            producer.send(r);
            ProducerRecord<byte[], byte[]> bad = new ProducerRecord<>("sel-in", "no-area".getBytes(), png);
            bad.headers().add(ImageMessages.SELECT, "0,0,0,5".getBytes());
            producer.send(bad);
            producer.flush();

            List<ConsumerRecord<byte[], byte[]>> out = readTopic("sel-out", 1, Duration.ofSeconds(60));
            List<ConsumerRecord<byte[], byte[]>> dead = readTopic("sel-dlq", 1, Duration.ofSeconds(30));
            RgbImage filled = CODEC.decode(out.get(0).value(), "out").image();
            long inside = 0, changed = 0;
            for (int y = 0; y < filled.height(); y++) {
                for (int x = 0; x < filled.width(); x++) {
                    boolean nearBox = x >= b.x() - 4 && x < b.x() + b.width() + 4 && y >= b.y() - 4 && y < b.y() + b.height() + 4;
                    if (!nearBox) {
                        assertEquals(c.image().get(x, y, 1), filled.get(x, y, 1), "pixel (" + x + "," + y + ") far from the selection");
                    } else if (c.object().isHole(x, y)) {
                        inside++;
                        changed += c.image().get(x, y, 1) != filled.get(x, y, 1) ? 1 : 0;
                    }
                }
            }
            assertTrue(changed >= 0.8 * inside, "the selected object was filled: " + changed + " of " + inside + " pixels changed");
            assertEquals("no-area", new String(dead.get(0).key()));
            assertEquals("header inpaint-select", header(dead.get(0), "inpaint-error-field"), header(dead.get(0), "inpaint-error"));
        }
    }

    @Test
    void aMessageAsksForAShippedNeuralEngineByHeader() throws Exception {
        broker.createTopic("nn-in", 1);
        Mask mask = Mask.ofBoxes(photo.width(), photo.height(), List.of(new Rect(60, 40, 36, 30)));
        String previous = System.setProperty(WeightStore.LOCATION_PROPERTY, Samples.shippedModels().toString());
        try (BatchScheduler scheduler = scheduler(1, 8);
             KafkaImagePipeline pipeline = new KafkaImagePipeline(settings("nn", List.of()), scheduler, CODEC).start();
             KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String engine : List.of("lbam", "swap", "deepfill")) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("nn-in", engine.getBytes(), photoJpeg);
                r.headers().add(ImageMessages.MASK_JSON, "{\"boxes\": [[60, 40, 36, 30]]}".getBytes());
                r.headers().add(ImageMessages.ENGINE, engine.getBytes());
                producer.send(r);
            }
            producer.flush();

            List<ConsumerRecord<byte[], byte[]>> out = readTopic("nn-out", 3, Duration.ofSeconds(120));
            assertEquals(3, out.size(), "one output per message");
            // What the network is given in the hole: mid-grey. Its fill must be much closer to the photo than that.
            // (Quality against the mean-colour fill is ShippedModelsTest's, over 21 photos: one small hole is too few.)
            double floor = Quality.psnr(photo, Evaluation.blanked(photo, mask), mask);
            for (ConsumerRecord<byte[], byte[]> r : out) {
                String engine = new String(r.key());
                assertEquals(engine, header(r, "inpaint-engine"), "the header's engine did the work");
                RgbImage filled = CODEC.decode(r.value(), "out").image();
                for (int y = 0; y < photo.height(); y++) {
                    for (int x = 0; x < photo.width(); x++) {
                        if (!mask.isHole(x, y)) {
                            assertEquals(photo.get(x, y, 1), filled.get(x, y, 1), "known pixel of " + engine);
                        }
                    }
                }
                double psnr = Quality.psnr(photo, filled, mask);
                System.out.printf("%s: %.2f dB in the hole, mid-grey %.2f dB%n", engine, psnr, floor);
                assertTrue(psnr > floor + 6.0, engine + ": " + psnr + " dB in the hole against " + floor + " dB for mid-grey");
            }
            assertEquals(0, pipeline.stats().deadLettered());
        } finally {
            if (previous == null) {
                System.clearProperty(WeightStore.LOCATION_PROPERTY);
            } else {
                System.setProperty(WeightStore.LOCATION_PROPERTY, previous);
            }
        }
    }

    @Test
    void aSlowEnginePausesTheConsumerAndTheQueueStaysBounded() throws Exception {
        broker.createTopic("slow-in", 1);
        try (BatchScheduler scheduler = scheduler(1, 2);
             KafkaProducer<byte[], byte[]> producer = producer()) {
            KafkaSettings s = new KafkaSettings(true, broker.bootstrapServers(), "slow-group", "slow-in", "slow-out",
                    "slow-dlq", "patchmatch", "png", 4, List.of("20,20,100,80"));
            byte[] big = Samples.photo(Samples.photoNamed("orange"));
            for (int i = 0; i < 16; i++) {
                producer.send(new ProducerRecord<>("slow-in", ("s" + i).getBytes(), big));
            }
            producer.flush();
            int maxQueued = 0;
            try (KafkaImagePipeline pipeline = new KafkaImagePipeline(s, scheduler, CODEC).start()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (pipeline.stats().published() < 16 && System.nanoTime() < deadline) {
                    maxQueued = Math.max(maxQueued, scheduler.stats().stream().mapToInt(x -> x.queued()).max().orElse(0));
                    Thread.sleep(20);
                }
                assertEquals(16, pipeline.stats().published());
                assertEquals(0, pipeline.stats().deadLettered(), "back-pressure never sends a good message to the dead letters");
                assertTrue(pipeline.stats().pauses() >= 1, "the consumer paused at least once");
            }
            System.out.println("slow engine: most jobs queued at once " + maxQueued + " (capacity 2, poll size 4)");
            assertTrue(maxQueued <= 2 + 4, "queue bounded by the capacity plus one poll: " + maxQueued);
        }
    }

    @Test
    void twoInstancesInOneGroupShareThePartitions() throws Exception {
        broker.createTopic("two-in", 4);
        try (BatchScheduler s1 = scheduler(1, 8); BatchScheduler s2 = scheduler(1, 8);
             KafkaImagePipeline a = new KafkaImagePipeline(settings("two", List.of("10,10,20,20")), s1, CODEC).start();
             KafkaImagePipeline b = new KafkaImagePipeline(settings("two", List.of("10,10,20,20")), s2, CODEC).start();
             KafkaProducer<byte[], byte[]> producer = producer()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(a.stats().partitions() > 0 && b.stats().partitions() > 0
                    && a.stats().partitions() + b.stats().partitions() == 4) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(4, a.stats().partitions() + b.stats().partitions(), "the group split the 4 partitions");
            for (int i = 0; i < 40; i++) {
                producer.send(new ProducerRecord<>("two-in", ("t" + i).getBytes(), photoJpeg));
            }
            producer.flush();
            List<ConsumerRecord<byte[], byte[]>> out = readTopic("two-out", 40, Duration.ofSeconds(60));
            Set<String> keys = new HashSet<>();
            out.forEach(r -> keys.add(new String(r.key())));
            assertEquals(40, keys.size());
            System.out.printf("two instances: %d and %d messages%n", a.stats().published(), b.stats().published());
            assertTrue(a.stats().published() > 0 && b.stats().published() > 0,
                    "both instances worked: " + a.stats() + " " + b.stats());
        }
    }
}
