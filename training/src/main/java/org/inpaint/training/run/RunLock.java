package org.inpaint.training.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.inpaint.core.InpaintException;

/**
 * One trainer per run directory. Two processes training into one directory would interleave their checkpoints and
 * logs, and a resumed run would continue from whichever wrote last. The lock is the operating system's on
 * {@value #FILE}, so it goes with the process however that ends (a kill, a lost session): no stale lock to clear.
 * The file also names the holder, for the error and for {@code train status}.
 */
public final class RunLock implements AutoCloseable {

    static final String FILE = "run.lock";

    /** The process training in a run directory, as its lock file names it. */
    public record Holder(long pid, String since) {
        @Override
        public String toString() {
            return "process " + pid + (since.isEmpty() ? "" : " (since " + since + ")");
        }

        /** Why another run cannot start in the directory this process holds. */
        public String refusal(Path runDirectory) {
            return RunLock.refusal(runDirectory, toString());
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the run directory for this process, creating it if needed.
     *
     * @throws InpaintException (bad input, field {@code out}) while another trainer holds it
     */
    public static RunLock acquire(Path runDirectory) {
        try {
            Files.createDirectories(runDirectory);
            FileChannel channel = FileChannel.open(runDirectory.resolve(FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw InpaintException.badInput("out", holder(runDirectory).map(h -> h.refusal(runDirectory))
                        .orElse(refusal(runDirectory, "another process")));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + runDirectory.resolve(FILE), e);
        }
    }

    /**
     * The live process that holds the directory, if any. Read from the file without taking the lock, so asking
     * never makes a trainer starting at that moment fail.
     */
    public static Optional<Holder> holder(Path runDirectory) {
        Path file = runDirectory.resolve(FILE);
        String text;
        try {
            text = Files.isRegularFile(file) ? Files.readString(file).trim() : "";
        } catch (IOException e) {
            return Optional.empty();
        }
        String[] parts = text.split(" ", 2);
        long pid;
        try {
            pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return Optional.empty(); // released (emptied on close) or never written
        }
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return alive ? Optional.of(new Holder(pid, parts.length > 1 ? parts[1] : "")) : Optional.empty();
    }

    private static String refusal(Path runDirectory, String who) {
        return runDirectory + " is being trained by " + who
                + "; wait for it, stop it (it checkpoints on SIGTERM) or choose another directory";
    }

    @Override
    public void close() {
        try (channel) {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the run lock", e);
        }
    }
}
