package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.inpaint.app.config.Settings;
import org.inpaint.app.kafka.ImageMessages;
import org.inpaint.app.kafka.KafkaImagePipeline;
import org.inpaint.app.kafka.KafkaSettings;
import org.inpaint.core.Inpainter;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.testkit.Samples;
import org.inpaint.testkit.kafka.KafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "kafka", mixinStandardHelpOptions = true, description = "Kafka images/s through the pipeline (a local broker in its own JVM) vs the same engine called directly.")
public final class BenchKafkaCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--engine", description = "Engine (default: ${DEFAULT-VALUE}).")
    String engine = "telea";

    @Option(names = "--messages", description = "Messages (default: ${DEFAULT-VALUE}).")
    int messages = 200;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.load(Map.of());
        PrintWriter out = spec.commandLine().getOut();
        ImageCodec codec = ImageCodec.withDefaults();
        byte[] photo = Samples.photo(Samples.photoNamed("orange"));
        RgbImage image = codec.decode(photo, "photo").image();
        String boxes = "{\"boxes\": [[200, 200, 80, 60]]}";
        Mask mask = MaskCodec.fromJson(image.width(), image.height(), boxes, "mask");
        double raw;
        try (Inpainter direct = new Inpainter(EngineRegistry.load().create(engine))) {
            direct.inpaint(image, mask);
            long t0 = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                direct.inpaint(codec.decode(photo, "photo").image(), mask);
                codec.encode(image, org.inpaint.core.codec.ImageFormat.PNG);
            }
            raw = messages / ((System.nanoTime() - t0) / 1e9);
        }
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("bench-in", 2);
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
                for (int i = 0; i < messages; i++) {
                    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>("bench-in", ("b" + i).getBytes(), photo);
                    r.headers().add(ImageMessages.MASK_JSON, boxes.getBytes());
                    producer.send(r);
                }
            }
            KafkaSettings k = new KafkaSettings(true, broker.bootstrapServers(), "bench", "bench-in", "bench-out", "bench-dlq",
                    engine, "png", 16, List.of());
            try (BatchScheduler scheduler = BatchScheduler.create(EngineRegistry.load(), settings.roiPlanner(), settings.inference().scheduler());
                 KafkaImagePipeline pipeline = new KafkaImagePipeline(k, scheduler, codec)) {
                long t0 = System.nanoTime();
                pipeline.start();
                while (pipeline.stats().published() + pipeline.stats().deadLettered() < messages) {
                    if (System.nanoTime() - t0 > Duration.ofMinutes(10).toNanos()) {
                        throw new IllegalStateException("only " + pipeline.stats() + " after 10 minutes");
                    }
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double kafka = messages / seconds;
                out.printf("inpaint bench kafka: %d messages (512x512 JPEG, 80x60 hole), engine %s, %d workers, %d cores%n",
                        messages, engine, settings.inference().workers(), java.lang.Runtime.getRuntime().availableProcessors());
                out.printf("| path | images/s | vs direct |%n|---|---:|---:|%n");
                out.printf(java.util.Locale.ROOT, "| direct: decode + Inpainter + PNG encode, one thread | %.1f | 1.00x |%n", raw);
                out.printf(java.util.Locale.ROOT, "| Kafka: consume, decode, scheduler, publish, commit (includes group join) | %.1f | %.2fx |%n",
                        kafka, kafka / raw);
            }
        }
        return 0;
    }
}
