package org.inpaint.training.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run's checkpoints: {@code checkpoints/step-00001000/} holding the generator's parameters, the objective's
 * state (critics, optimizers) and {@code checkpoint.json}. Each is written into a temporary directory, synced and
 * renamed into place, so a kill at any moment leaves either the whole checkpoint or none. The newest
 * {@code keepLast} are kept, and the best by validation (see the trainer) also as {@code best/}.
 */
public final class Checkpoints {

    static final String GENERATOR = "generator.params";
    static final String OBJECTIVE = "objective.state";
    static final String INFO = "checkpoint.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a checkpoint records besides the tensors: its validation hole L1 and whole-image PSNR, and those of the
     * best checkpoint so far (null where not measured, and PSNR in checkpoints written before it was recorded); the
     * wall seconds the training steps took, and the process CPU seconds they took (null where the run began before
     * that was recorded, or the JVM does not report it). Validation measures each {@link WeightSet} the objective
     * keeps ({@code valPsnrs}, by label) and the checkpoint's scores are those of the better one, {@code weights}
     * (both null in checkpoints written before the choice was made).
     */
    public record Info(long step, Double valL1, Double bestValL1, double trainSeconds, Double valPsnr, Double bestValPsnr,
                       Double cpuSeconds, WeightSet weights, java.util.Map<String, Double> valPsnrs) {

        public Info(long step, Double valL1, Double bestValL1, double trainSeconds) {
            this(step, valL1, bestValL1, trainSeconds, null, null, null);
        }

        public Info(long step, Double valL1, Double bestValL1, double trainSeconds, Double valPsnr, Double bestValPsnr,
                    Double cpuSeconds) {
            this(step, valL1, bestValL1, trainSeconds, valPsnr, bestValPsnr, cpuSeconds, null, null);
        }
    }

    /** A checkpoint on disk. */
    public record Saved(Path directory, Info info) {
    }

    private final Path root;
    private final int keepLast;

    public Checkpoints(Path runDirectory, int keepLast) {
        this.root = runDirectory.resolve("checkpoints");
        this.keepLast = keepLast;
    }

    public Path root() {
        return root;
    }

    /** Writes a checkpoint and prunes old ones; also replaces {@code best/} when {@code best} is set. */
    public Saved save(Info info, Block generator, Objective objective, boolean best) {
        try {
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, ".writing-");
            try (DataOutputStream out = open(tmp.resolve(GENERATOR))) {
                generator.saveParameters(out);
            }
            try (DataOutputStream out = open(tmp.resolve(OBJECTIVE))) {
                objective.saveState(out);
            }
            JSON.writeValue(tmp.resolve(INFO).toFile(), info);
            Path target = root.resolve(String.format("step-%08d", info.step()));
            if (Files.exists(target)) {
                deleteTree(target);
            }
            move(tmp, target);
            if (best) {
                replaceBest(target);
            }
            prune();
            return new Saved(target, info);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + root, e);
        }
    }

    /** Checkpoints, oldest first (complete ones only: a directory appears only after its rename). */
    public List<Saved> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            List<Saved> out = new ArrayList<>();
            for (Path p : s.filter(p -> p.getFileName().toString().matches("step-\\d+")).sorted(Comparator.comparing(Path::toString)).toList()) {
                out.add(new Saved(p, readInfo(p)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Saved> latest() {
        List<Saved> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public Optional<Saved> best() {
        Path best = root.resolve("best");
        return Files.isRegularFile(best.resolve(INFO)) ? Optional.of(new Saved(best, readInfo(best))) : Optional.empty();
    }

    /** Loads a checkpoint into an initialised generator and objective of the same configuration. */
    public static void restore(Saved checkpoint, Block generator, Objective objective, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(checkpoint.directory().resolve(GENERATOR))))) {
            generator.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot restore the generator from " + checkpoint.directory() + ": " + e.getMessage(), e);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(checkpoint.directory().resolve(OBJECTIVE))))) {
            objective.loadState(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot restore the objective from " + checkpoint.directory() + ": " + e.getMessage(), e);
        }
    }

    private void replaceBest(Path source) throws IOException {
        Path tmp = Files.createTempDirectory(root, ".best-");
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, tmp.resolve(f.getFileName()));
            }
        }
        Path best = root.resolve("best");
        Path old = root.resolve(".best-old");
        if (Files.exists(old)) {
            deleteTree(old);
        }
        if (Files.exists(best)) {
            move(best, old);
        }
        move(tmp, best);
        if (Files.exists(old)) {
            deleteTree(old);
        }
    }

    private void prune() throws IOException {
        List<Saved> all = list();
        for (int i = 0; i < all.size() - keepLast; i++) {
            deleteTree(all.get(i).directory());
        }
    }

    private static Info readInfo(Path dir) {
        try {
            return JSON.readValue(dir.resolve(INFO).toFile(), Info.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable checkpoint " + dir, e);
        }
    }

    private static DataOutputStream open(Path p) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p), 1 << 16));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
