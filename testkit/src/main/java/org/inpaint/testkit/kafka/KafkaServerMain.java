package org.inpaint.testkit.kafka;

import java.lang.reflect.InvocationTargetException;

import org.apache.kafka.common.utils.Exit;

/**
 * The main class of the broker's JVM (under {@link ParentWatchingMain}): formats the storage with
 * {@code kafka.tools.StorageTool format -t <cluster id> -c <server.properties>}, then runs
 * {@code kafka.Kafka <server.properties>}. Both in one JVM, which saves the 2-3 s a second JVM start costs here.
 * StorageTool ends by calling Kafka's {@code Exit.exit}; that call is trapped while it formats.
 *
 * <p>Arguments: {@code <cluster id> <server.properties>}.
 */
public final class KafkaServerMain {

    private KafkaServerMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length != 2) {
            System.err.println("usage: KafkaServerMain <cluster id> <server.properties>");
            System.exit(2);
        }
        int status = format(args[0], args[1]);
        if (status != 0) {
            System.err.println("KafkaServerMain: StorageTool format exited with " + status);
            System.exit(10 + status);
        }
        System.err.println("KafkaServerMain: storage formatted; starting kafka.Kafka");
        invokeMain("kafka.Kafka", args[1]);
    }

    private static int format(String clusterId, String properties) throws Throwable {
        Exit.setExitProcedure((status, message) -> {
            throw new ExitTrap(status);
        });
        try {
            // "--cluster-id=<id>": a base64url id may start with '-', which the separate-argument form reads as an option.
            // --ignore-formatted: a broker restarted on its log directory keeps its data
            invokeMain("kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId, "--config=" + properties,
                    "--ignore-formatted");
            return 0;
        } catch (ExitTrap e) {
            return e.status;
        } finally {
            Exit.resetExitProcedure();
        }
    }

    private static void invokeMain(String className, String... args) throws Throwable {
        try {
            Class.forName(className).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class ExitTrap extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        ExitTrap(int status) {
            super("exit " + status, null, false, false);
            this.status = status;
        }
    }
}
