package org.inpaint.testkit.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs another main class and exits when the process that started it goes away, so a test's child process never
 * outlives its JVM, even one killed with SIGKILL (shutdown hooks do not run then).
 *
 * <p>Usage: {@code java -cp ... org.inpaint.testkit.kafka.ParentWatchingMain <main class> [args...]}. The parent
 * keeps the child's standard input open and never writes to it; when the parent dies the kernel closes the pipe,
 * this process reads end-of-file and exits. As a second guard it also polls the parent process id once a second.
 * On exit it first asks the JVM to shut down normally (the wrapped program's shutdown hooks run, e.g. a Kafka
 * broker's controlled shutdown) and halts outright if that takes longer than {@value #HALT_AFTER_MS} ms.
 */
public final class ParentWatchingMain {

    static final long HALT_AFTER_MS = 10_000;

    private ParentWatchingMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ParentWatchingMain <main class> [args...]");
            System.exit(2);
        }
        startWatchers();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void startWatchers() {
        Thread stdin = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // the parent writes nothing; anything it does write is ignored
                }
            } catch (IOException e) {
                // a broken pipe means the same as end-of-file
            }
            exit("standard input closed: the parent process is gone");
        }, "parent-watch-stdin");
        stdin.setDaemon(true);
        stdin.start();

        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        long parentPid = parent.map(ProcessHandle::pid).orElse(-1L);
        Thread poll = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                Optional<ProcessHandle> now = ProcessHandle.current().parent();
                if (now.isEmpty() || now.get().pid() != parentPid || !now.get().isAlive()) {
                    exit("parent process " + parentPid + " is gone");
                }
            }
        }, "parent-watch-pid");
        poll.setDaemon(true);
        poll.start();
    }

    private static synchronized void exit(String why) {
        System.err.println("ParentWatchingMain: " + why + "; exiting");
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MS);
            } catch (InterruptedException e) {
                // fall through
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watch-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(0);
    }
}
