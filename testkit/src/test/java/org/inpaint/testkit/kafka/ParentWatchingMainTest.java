package org.inpaint.testkit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.inpaint.testkit.TestProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The guard that keeps a broker from outliving its test JVM, checked with a JVM killed by SIGKILL. */
class ParentWatchingMainTest {

    /** Stands in for the test JVM: starts a watched child, prints its pid, then waits to be killed. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            Process child = new ProcessBuilder(java(), "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                    ParentWatchingMain.class.getName(), Sleeper.class.getName())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            System.out.println("child " + child.pid());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    /** Stands in for the broker: would run two minutes. */
    public static final class Sleeper {
        public static void main(String[] args) throws Exception {
            Thread.sleep(120_000);
        }
    }

    @Test
    @Timeout(60)
    void childExitsWhenItsParentIsKilledWithSigkill() throws Exception {
        Process parent = new ProcessBuilder(java(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Parent.class.getName()).redirectErrorStream(true).start();
        long childPid;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("child "), "parent said: " + line);
            childPid = Long.parseLong(line.substring(6).trim());
            Optional<ProcessHandle> child = ProcessHandle.of(childPid);
            assertTrue(child.isPresent() && child.get().isAlive(), "child running");
            Thread.sleep(1500); // let the child's JVM reach its watchers
            assertTrue(TestProcesses.isRunning(childPid), "child still running while its parent lives");
        } finally {
            parent.destroyForcibly(); // SIGKILL: no shutdown hook of the parent runs
        }
        assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, parent.exitValue(), "parent died of SIGKILL");

        long t0 = System.nanoTime();
        while (TestProcesses.isRunning(childPid) && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15)) {
            Thread.sleep(50);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(!TestProcesses.isRunning(childPid), "orphaned child " + childPid + " still running after " + ms + " ms");
        System.out.printf("orphaned child exited %d ms after its parent was killed%n", ms);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
