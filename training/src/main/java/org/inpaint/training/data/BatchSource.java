package org.inpaint.training.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.inpaint.inference.neural.Prefill;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.Resize;
import org.inpaint.training.masks.MaskSampler;

/**
 * The run's batches as a pure function of (seed, batch index): photos are visited in a fresh seeded permutation
 * each epoch; every crop draws its scale (side in [size, size · maxScale], capped by the photo), position and
 * horizontal flip, and its mask, from generators seeded by its global sample number. So batch k is the same
 * whenever it is asked for, which is what lets a resumed run continue with exactly the batch it would have seen.
 *
 * <p>With a classical prefill the holes of every crop are also filled (OpenCV, tens of milliseconds a crop). A
 * source made {@link #prefetching} draws batch k+1 on a thread of its own while the caller trains on batch k; since
 * a batch is a function of its index, this changes when batches are made, never what they hold.
 */
public final class BatchSource implements AutoCloseable {

    private final PhotoCache photos;
    private final MaskSampler masks;
    private final int size;
    private final int batchSize;
    private final double maxScale;
    private final long seed;
    private final Prefill prefill;
    private final ExecutorService ahead;
    private long cachedEpoch = -1;
    private int[] cachedOrder;
    private long pendingIndex = -1;
    private Future<Batch> pending;
    private final java.util.concurrent.atomic.AtomicLong waitedNanos = new java.util.concurrent.atomic.AtomicLong();

    public BatchSource(PhotoCache photos, MaskSampler masks, int size, int batchSize, double maxScale, long seed) {
        this(photos, masks, size, batchSize, maxScale, seed, Prefill.NONE, false);
    }

    /** A source that prefills the holes of its crops and draws the next batch ahead of time. */
    public static BatchSource prefetching(PhotoCache photos, MaskSampler masks, int size, int batchSize, double maxScale,
                                          long seed, Prefill prefill) {
        return new BatchSource(photos, masks, size, batchSize, maxScale, seed, prefill, true);
    }

    private BatchSource(PhotoCache photos, MaskSampler masks, int size, int batchSize, double maxScale, long seed,
                        Prefill prefill, boolean prefetch) {
        if (size < 8 || batchSize < 1 || maxScale < 1) {
            throw new IllegalArgumentException("size >= 8, batch >= 1, maxScale >= 1 required");
        }
        this.photos = photos;
        this.masks = masks;
        this.size = size;
        this.batchSize = batchSize;
        this.maxScale = maxScale;
        this.seed = seed;
        this.prefill = prefill;
        this.ahead = prefetch ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "batch-prefetch");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    public int batchSize() {
        return batchSize;
    }

    public int size() {
        return size;
    }

    /** Batch number {@code index} of the run. */
    public Batch batch(long index) {
        long t0 = System.nanoTime();
        try {
            return draw(index);
        } finally {
            waitedNanos.addAndGet(System.nanoTime() - t0);
        }
    }

    /**
     * Wall time callers have spent inside {@link #batch} so far: drawing a batch themselves, or waiting for the
     * prefetched one. The rest of a step is the step's own work.
     */
    public long waitedNanos() {
        return waitedNanos.get();
    }

    private Batch draw(long index) {
        if (ahead == null) {
            return make(index);
        }
        Future<Batch> ready;
        synchronized (this) {
            ready = pendingIndex == index ? pending : null;
            pending = ahead.submit(() -> make(index + 1));
            pendingIndex = index + 1;
        }
        if (ready == null) {
            return make(index);
        }
        try {
            return ready.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for batch " + index, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("drawing batch " + index + " failed: " + e.getCause(), e.getCause());
        }
    }

    private Batch make(long index) {
        List<RgbImage> images = new ArrayList<>(batchSize);
        List<Mask> holes = new ArrayList<>(batchSize);
        List<String> sources = new ArrayList<>(batchSize);
        for (int slot = 0; slot < batchSize; slot++) {
            long sample = index * batchSize + slot;
            int photo = order(sample / photos.size())[(int) (sample % photos.size())];
            SplittableRandom random = new SplittableRandom(mix(seed, sample));
            images.add(crop(photos.photo(photo), random));
            holes.add(masks.sample(size, size, random.split()));
            sources.add(photos.name(photo));
        }
        return new Batch(index, images, holes, sources).prefilledBy(prefill);
    }

    @Override
    public void close() {
        if (ahead != null) {
            ahead.shutdownNow();
        }
    }

    private RgbImage crop(RgbImage photo, SplittableRandom random) {
        int shortSide = Math.min(photo.width(), photo.height());
        int maxSide = Math.min(shortSide, (int) Math.floor(size * maxScale));
        int side = size + (maxSide > size ? random.nextInt(maxSide - size + 1) : 0);
        int x = random.nextInt(photo.width() - side + 1);
        int y = random.nextInt(photo.height() - side + 1);
        RgbImage crop = Resize.image(photo.crop(new Rect(x, y, side, side)), size, size);
        return random.nextBoolean() ? mirror(crop) : crop;
    }

    static RgbImage mirror(RgbImage img) {
        int w = img.width(), h = img.height();
        byte[] src = img.data();
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(src, 3 * (y * w + x), out, 3 * (y * w + (w - 1 - x)), 3);
            }
        }
        return new RgbImage(w, h, out);
    }

    private synchronized int[] order(long epoch) {
        if (epoch != cachedEpoch) {
            int[] order = new int[photos.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            SplittableRandom random = new SplittableRandom(mix(seed ^ 0x5DEECE66DL, epoch));
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            cachedOrder = order;
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    static long mix(long seed, long n) {
        long z = seed * 0x9E3779B97F4A7C15L + n * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
