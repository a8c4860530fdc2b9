package org.inpaint.testkit;

import java.nio.file.Files;
import java.nio.file.Paths;

/** Process checks shared by the tests of the testkit's child processes. */
public final class TestProcesses {

    private TestProcesses() {
    }

    /** Alive and not a zombie waiting for whoever adopted it to reap it. */
    public static boolean isRunning(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            } catch (Exception e) {
                return false; // gone between the two looks
            }
        }
        return false;
    }
}
