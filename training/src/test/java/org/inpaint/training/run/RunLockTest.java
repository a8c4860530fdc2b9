package org.inpaint.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.inpaint.core.InpaintException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The lock checked across two real processes, the way two trainers would collide. */
class RunLockTest {

    /** Stands in for a trainer in another JVM: takes the run directory, says so, then holds it until killed. */
    public static final class OtherTrainer {
        public static void main(String[] args) throws Exception {
            RunLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    @Timeout(60)
    void aDirectoryAnotherProcessTrainsInIsRefusedNamingItAndFreedWhenThatProcessIsKilled(@TempDir Path run)
            throws Exception {
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), OtherTrainer.class.getName(), run.toString())
                .redirectErrorStream(true).start();
        try {
            String said = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals("locked", said);
            assertEquals(Optional.of(other.pid()), RunLock.holder(run).map(RunLock.Holder::pid));

            InpaintException refused = assertThrows(InpaintException.class, () -> RunLock.acquire(run));
            assertEquals("out", refused.field());
            assertTrue(refused.getMessage().contains("process " + other.pid()), refused.getMessage());
        } finally {
            other.destroyForcibly(); // SIGKILL: nothing of the holder's runs, as when a session ends
        }
        assertTrue(other.waitFor(10, TimeUnit.SECONDS));

        assertEquals(Optional.empty(), RunLock.holder(run), "the file still names the dead process, which holds nothing");
        try (RunLock mine = RunLock.acquire(run)) {
            assertEquals(Optional.of(ProcessHandle.current().pid()), RunLock.holder(run).map(RunLock.Holder::pid));
            InpaintException twice = assertThrows(InpaintException.class, () -> RunLock.acquire(run));
            assertEquals("out", twice.field(), "a second trainer in this process is refused too");
        }
        assertEquals(Optional.empty(), RunLock.holder(run));
        RunLock.acquire(run).close();
    }
}
