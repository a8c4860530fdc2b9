package org.inpaint.app.training;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.inpaint.core.InpaintException;
import org.inpaint.training.data.ImageDataset;
import org.inpaint.training.run.ObjectiveFactory;
import org.inpaint.training.run.Progress;
import org.inpaint.training.run.RunLock;
import org.inpaint.training.run.Trainer;
import org.inpaint.training.run.TrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs training apart from the inference pipeline: one run at a time per process, on a thread of its own, driven
 * over the event bus ({@link TrainingClient} has the addresses). Deployed as a worker verticle, so checking a
 * request (which scans the dataset directory) never blocks an event loop. Progress is published on
 * {@link TrainingClient#PROGRESS} after every step and event.
 */
public final class TrainerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerVerticle.class);

    private final Path runsDirectory;
    private final TrainingStatus status = new TrainingStatus();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile Thread worker;

    public TrainerVerticle(Path runsDirectory) {
        this.runsDirectory = runsDirectory;
    }

    @Override
    public Future<?> start() {
        vertx.eventBus().<JsonObject>consumer(TrainingClient.START, this::start);
        vertx.eventBus().<JsonObject>consumer(TrainingClient.STOP, m -> {
            if (status.isActive()) {
                stop.set(true);
                status.stopping();
            }
            m.reply(status.toJson());
        });
        vertx.eventBus().<JsonObject>consumer(TrainingClient.STATUS, m -> m.reply(status.toJson()));
        return Future.succeededFuture();
    }

    private void start(Message<JsonObject> m) {
        try {
            if (status.isActive()) {
                throw new InpaintException(InpaintException.Kind.CONFLICT, null, "a training run is active ("
                        + status.config().model() + " in " + status.config().out() + "); stop it first");
            }
            TrainingConfig config = TrainingRequest.parse(m.body() == null ? new JsonObject() : m.body(), runsDirectory);
            // the trainer's own lock decides; asking first turns the common case into a 409 rather than a failed run
            RunLock.holder(config.out()).ifPresent(h -> {
                throw new InpaintException(InpaintException.Kind.CONFLICT, "out", h.refusal(config.out()));
            });
            ObjectiveFactory.forModel(config.model());
            ImageDataset.scan(config.data());
            if (config.val() != null) {
                ImageDataset.scan(config.val());
            }
            stop.set(false);
            status.starting(config);
            Thread t = new Thread(() -> run(config), "inpaint-trainer");
            t.setDaemon(true);
            worker = t;
            t.start();
            m.reply(status.toJson());
        } catch (InpaintException e) {
            TrainingClient.fail(m, e);
        }
    }

    private void run(TrainingConfig config) {
        LOG.info("training {} started: {} steps at {} px, width {}, into {}", config.model(), config.steps(), config.size(),
                config.width(), config.out());
        try {
            Trainer.Result r = new Trainer(config, this::progress).run(stop::get);
            LOG.info("training {} {} at step {}", config.model(), r.state(), r.step());
        } catch (RuntimeException | Error e) {
            LOG.error("training {} failed", config.model(), e);
            status.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            vertx.eventBus().publish(TrainingClient.PROGRESS, new JsonObject().put("event", "failed").put("message", e.getMessage()));
        }
    }

    private void progress(Progress p) {
        status.update(p);
        JsonObject losses = new JsonObject();
        p.losses().forEach((k, v) -> losses.put(k, (double) v));
        vertx.eventBus().publish(TrainingClient.PROGRESS, TrainingStatus.gains(new JsonObject().put("event", p.event())
                .put("step", p.step()).put("steps", p.steps()).put("losses", losses).put("imagesPerSecond", p.imagesPerSecond())
                .put("etaSeconds", p.etaSeconds()).put("file", p.file()).put("valL1", p.valL1()).put("message", p.message()),
                p.gains()));
    }

    /** The files of the current run (samples, plots), for serving. */
    public Path runDirectory() {
        TrainingConfig c = status.config();
        return c == null ? null : c.out();
    }

    @Override
    public Future<?> stop() {
        stop.set(true);
        Thread t = worker;
        if (t != null) {
            try {
                t.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Future.succeededFuture();
    }
}
