package org.inpaint.training.run;

import java.lang.management.ManagementFactory;

/**
 * The CPU time this process has used, all its threads together: what a training step costs on a shared machine. Wall
 * time counts what other processes take, and the time a run spends stopped (SIGSTOP) while something else measures;
 * CPU time counts neither.
 */
final class CpuClock {

    private static final com.sun.management.OperatingSystemMXBean OS = osBean();

    private CpuClock() {
    }

    /** Whether this JVM reports process CPU time. */
    static boolean available() {
        return OS != null && OS.getProcessCpuTime() >= 0;
    }

    /** Process CPU seconds so far; NaN where the JVM does not report them. */
    static double seconds() {
        long nanos = OS == null ? -1 : OS.getProcessCpuTime();
        return nanos < 0 ? Double.NaN : nanos / 1e9;
    }

    private static com.sun.management.OperatingSystemMXBean osBean() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os : null;
    }
}
