package org.inpaint.testkit.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessesTest {

    @Test
    void tailKeepsTheLastLinesAndSaysWhenThereIsNoLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, "one\ntwo\nthree\nfour\n");
        assertEquals("three\nfour", ChildProcesses.tail(log, 2));
        assertEquals("one\ntwo\nthree\nfour", ChildProcesses.tail(log, 10));
        assertTrue(ChildProcesses.tail(dir.resolve("missing.log"), 5).startsWith("(no log at "));
        assertEquals("(no log)", ChildProcesses.tail(null, 5));
    }

    @Test
    void stopKillsAChildThatIgnoresSigterm() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "trap '' TERM; while true; do sleep 0.1; done").start();
        Thread.sleep(300); // let the shell install its trap
        ChildProcesses.stop(p, Duration.ofMillis(500));
        assertFalse(p.isAlive(), "SIGKILL follows the grace period");
        assertEquals(137, p.exitValue(), "killed by SIGKILL, not ended by SIGTERM");
    }

    @Test
    void deleteRecursivelyRemovesATree(@TempDir Path dir) throws Exception {
        Path tree = dir.resolve("a");
        Files.createDirectories(tree.resolve("b/c"));
        Files.writeString(tree.resolve("b/c/file"), "x");
        ChildProcesses.deleteRecursively(tree);
        assertFalse(Files.exists(tree));
        ChildProcesses.deleteRecursively(tree); // absent: nothing to do, no error
    }
}
