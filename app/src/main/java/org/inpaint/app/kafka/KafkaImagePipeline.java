package org.inpaint.app.kafka;

import org.inpaint.app.engines.RequestEngines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.inference.scheduler.BackpressurePolicy;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.FrameJob;
import org.inpaint.inference.scheduler.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes images from a Kafka topic, fills them through the shared scheduler and publishes the results under the
 * same key, at least once:
 * <ul>
 *   <li>the consumer pauses its partitions while the engine's queue is full and resumes when it drains;</li>
 *   <li>results are produced in offset order per partition; a message that cannot be processed goes to the
 *       dead-letter topic with the error in its headers;</li>
 *   <li>an offset is committed (offset + 1) only once its output or dead letter is acknowledged, and never past a
 *       message still in flight, so a crash replays what was not yet published.</li>
 * </ul>
 * Every consumer call happens on the pipeline's own thread (the consumer is not thread-safe); workers and producer
 * callbacks hand their results back through queues.
 */
public final class KafkaImagePipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaImagePipeline.class);

    /**
     * Header of every output and dead letter: milliseconds from the poll that brought the message in to the send of
     * its result (queueing, decoding, the engine, encoding and waiting for earlier offsets of its partition).
     */
    public static final String LATENCY_HEADER = "inpaint-latency-millis";

    /**
     * A record whose processing ended, waiting to be published in offset order; {@code acceptedNanos} is when it was
     * polled.
     */
    private record Done(ConsumerRecord<byte[], byte[]> record, long acceptedNanos, byte[] output, String engine, long runMillis,
                        Throwable error) {
    }

    /** Offsets of one partition: polled and not yet acknowledged, finished and waiting for their turn. */
    private static final class PartitionState {
        final TreeSet<Long> unacked = new TreeSet<>();
        final TreeMap<Long, Done> finished = new TreeMap<>();
        final TreeSet<Long> unpublished = new TreeSet<>();
        long highestPolled = -1;
        long committed = -1;
    }

    private final KafkaSettings settings;
    private final BatchScheduler scheduler;
    private final ImageMessages messages;
    private final ImageCodec codec;
    private final ImageFormat outputFormat;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ConcurrentLinkedQueue<Done> finished = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ConsumerRecord<byte[], byte[]>> acked = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    private volatile boolean running = true;
    private volatile int assigned;
    private boolean paused;
    private final java.util.Set<String> defaultEngines;

    public KafkaImagePipeline(KafkaSettings settings, BatchScheduler scheduler, ImageCodec codec) {
        this(settings, scheduler, codec, new RequestEngines(org.inpaint.core.engine.EngineRegistry.load()));
    }

    public KafkaImagePipeline(KafkaSettings settings, BatchScheduler scheduler, ImageCodec codec, RequestEngines engines) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.codec = codec;
        this.messages = new ImageMessages(codec, settings.boxes(), settings.engine(), engines);
        this.defaultEngines = engines.candidates(settings.engine());
        this.outputFormat = ImageFormat.parse(settings.outputFormat(), "kafka.outputFormat");
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.maxPollRecords()));
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(64 * 1024 * 1024));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.thread = new Thread(this::run, "kafka-pipeline-" + settings.inputTopic());
    }

    public KafkaImagePipeline start() {
        thread.start();
        LOG.info("consuming images from {} (group {}) to {}, dead letters to {}", settings.inputTopic(),
                settings.groupId(), settings.outputTopic(), settings.deadLetterTopic());
        return this;
    }

    /** Counters since start. */
    public record Stats(long consumed, long published, long deadLettered, long pauses, boolean paused, int partitions) {
    }

    public Stats stats() {
        return new Stats(consumed.get(), published.get(), deadLettered.get(), pauses.get(), paused, assigned);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(settings.inputTopic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                    commit();
                    revoked.forEach(partitions::remove);
                    assigned = consumer.assignment().size() - revoked.size();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> assignedNow) {
                    LOG.info("assigned {}", assignedNow);
                    KafkaImagePipeline.this.assigned = consumer.assignment().size();
                    if (paused) {
                        consumer.pause(assignedNow);
                    }
                }
            });
            while (running) {
                applyBackpressure();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    accept(r);
                }
                publishFinished();
                commit();
            }
            drain(Duration.ofSeconds(20));
        } catch (WakeupException e) {
            if (running) {
                LOG.error("Kafka pipeline woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("Kafka pipeline stopped", e);
        } finally {
            try {
                commit();
            } catch (RuntimeException e) {
                LOG.warn("final commit failed: {}", e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private void applyBackpressure() {
        // with "auto" the default may run on any of its candidates: pause when one of them is full
        boolean full = defaultEngines.stream().anyMatch(e -> !scheduler.hasCapacity(e));
        if (full && !paused) {
            consumer.pause(consumer.assignment());
            paused = true;
            pauses.incrementAndGet();
        } else if (!full && paused) {
            consumer.resume(consumer.assignment());
            paused = false;
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> r) {
        long accepted = System.nanoTime();
        consumed.incrementAndGet();
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        PartitionState state = partitions.computeIfAbsent(tp, k -> new PartitionState());
        state.unacked.add(r.offset());
        state.unpublished.add(r.offset());
        state.highestPolled = Math.max(state.highestPolled, r.offset());
        ImageMessages.Decoded decoded;
        try {
            decoded = messages.decode(r.value(), r.headers());
            FrameJob job = new FrameJob(tp.toString(), r.offset(), decoded.image().image(), decoded.mask(), decoded.engine(),
                    BackpressurePolicy.SOURCE_PAUSES);
            scheduler.submit(job).whenComplete((outcome, error) -> finished.add(done(r, accepted, decoded.engine(), outcome, error)));
        } catch (RuntimeException e) {
            finished.add(new Done(r, accepted, null, null, 0, e));
        }
    }

    private Done done(ConsumerRecord<byte[], byte[]> r, long accepted, String engine, Outcome outcome, Throwable error) {
        if (outcome instanceof Outcome.Filled filled) {
            try {
                return new Done(r, accepted, codec.encode(filled.image(), outputFormat), engine, filled.runMillis(), null);
            } catch (RuntimeException e) {
                return new Done(r, accepted, null, engine, 0, e);
            }
        }
        Throwable cause = error != null ? error : outcome instanceof Outcome.Failed f ? f.error()
                : new IllegalStateException("dropped: " + ((Outcome.Dropped) outcome).reason());
        return new Done(r, accepted, null, engine, 0, cause);
    }

    /** Sends finished results in offset order per partition. */
    private void publishFinished() {
        for (Done d; (d = finished.poll()) != null; ) {
            PartitionState state = partitions.get(new TopicPartition(d.record().topic(), d.record().partition()));
            if (state != null) {
                state.finished.put(d.record().offset(), d);
            }
        }
        for (PartitionState state : partitions.values()) {
            while (!state.unpublished.isEmpty() && state.finished.containsKey(state.unpublished.first())) {
                Done d = state.finished.remove(state.unpublished.pollFirst());
                send(d);
            }
        }
        for (ConsumerRecord<byte[], byte[]> r; (r = acked.poll()) != null; ) {
            PartitionState state = partitions.get(new TopicPartition(r.topic(), r.partition()));
            if (state != null) {
                state.unacked.remove(r.offset());
            }
        }
    }

    private void send(Done d) {
        ConsumerRecord<byte[], byte[]> r = d.record();
        RecordHeaders headers = new RecordHeaders();
        headers.add("inpaint-source-topic", r.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("inpaint-source-partition", Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("inpaint-source-offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
        long latencyMillis = (System.nanoTime() - d.acceptedNanos()) / 1_000_000;
        headers.add(LATENCY_HEADER, Long.toString(latencyMillis).getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> out;
        if (d.error() == null) {
            headers.add("inpaint-engine", d.engine().getBytes(StandardCharsets.UTF_8));
            headers.add("inpaint-run-millis", Long.toString(d.runMillis()).getBytes(StandardCharsets.UTF_8));
            headers.add("content-type", outputFormat.mimeType().getBytes(StandardCharsets.UTF_8));
            out = new ProducerRecord<>(settings.outputTopic(), null, r.key(), d.output(), headers);
        } else {
            String field = d.error() instanceof InpaintException ie && ie.field() != null ? ie.field() : "";
            headers.add("inpaint-error", String.valueOf(d.error().getMessage()).getBytes(StandardCharsets.UTF_8));
            headers.add("inpaint-error-field", field.getBytes(StandardCharsets.UTF_8));
            headers.add("inpaint-error-class", d.error().getClass().getName().getBytes(StandardCharsets.UTF_8));
            r.headers().forEach(h -> headers.add("original-" + h.key(), h.value()));
            out = new ProducerRecord<>(settings.deadLetterTopic(), null, r.key(), r.value(), headers);
            LOG.warn("{}-{}@{} to the dead-letter topic: {}", r.topic(), r.partition(), r.offset(), d.error().getMessage());
        }
        boolean dead = d.error() != null;
        producer.send(out, (metadata, exception) -> {
            if (exception != null) {
                // Not acknowledged: the offset stays uncommitted, so the message is consumed again after a restart.
                LOG.error("could not publish the result of {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), exception.toString());
                return;
            }
            (dead ? deadLettered : published).incrementAndGet();
            acked.add(r);
        });
    }

    /** Commits, per partition, the first offset not yet acknowledged (or past the highest polled). */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((tp, state) -> {
            long next = state.unacked.isEmpty() ? state.highestPolled + 1 : state.unacked.first();
            if (next > state.committed && state.highestPolled >= 0) {
                offsets.put(tp, new OffsetAndMetadata(next));
                state.committed = next;
            }
        });
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    private void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && partitions.values().stream().anyMatch(s -> !s.unacked.isEmpty())) {
            publishFinished();
            commit();
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        producer.flush();
        publishFinished();
    }

    /** Stops fetching, publishes and commits what is in flight (up to 20 s), then closes the clients. */
    @Override
    public void close() {
        running = false;
        try {
            stopped.await(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
