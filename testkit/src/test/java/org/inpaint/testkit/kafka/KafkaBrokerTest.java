package org.inpaint.testkit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class KafkaBrokerTest {

    @Test
    @Timeout(120)
    void producesAndConsumesThroughARealBrokerAndStopsIt() throws Exception {
        long t0 = System.nanoTime();
        KafkaBroker kafka = KafkaBroker.start();
        ProcessHandle broker = kafka.process();
        Path data;
        try (kafka) {
            System.out.printf("kafka broker %s ready in %d ms (format + JVM start + first metadata answer)%n",
                    kafka, kafka.startupTime().toMillis());
            assertTrue(broker.isAlive());
            assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"));

            String topic = "frames-" + UUID.randomUUID();
            kafka.createTopic(topic, 3);
            kafka.createTopic(topic, 3); // existing: left alone

            Map<String, String> sent = new LinkedHashMap<>();
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
                for (int i = 0; i < 100; i++) {
                    String key = "camera-" + (i % 7) + "/frame-" + i;
                    String value = "payload " + i + " " + UUID.randomUUID();
                    sent.put(key, value);
                    producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
                }
            }

            Properties cp = new Properties();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            Map<String, String> received = new LinkedHashMap<>();
            Set<Integer> partitions = new HashSet<>();
            long c0 = System.nanoTime();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (received.size() < sent.size() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        String previous = received.put(r.key(), r.value());
                        assertEquals(null, previous, "record delivered twice: " + r.key());
                        partitions.add(r.partition());
                    }
                }
            }
            System.out.printf("consumed %d records in %d ms (group join included)%n", received.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0));
            assertEquals(sent, received);
            assertEquals(3, partitions.size(), "keys spread over the 3 partitions");

            data = kafka.directory();
            assertTrue(Files.isDirectory(data));
        }
        long closedAt = System.nanoTime();
        assertFalse(broker.isAlive(), "broker process gone after close()");
        broker.onExit().get(5, TimeUnit.SECONDS);
        assertFalse(Files.exists(data), "temporary directory deleted");
        System.out.printf("whole test with broker: %d ms%n", TimeUnit.NANOSECONDS.toMillis(closedAt - t0));
    }
}
