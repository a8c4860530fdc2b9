package org.inpaint.testkit.kafka;

import static org.inpaint.testkit.process.ChildProcesses.deleteRecursively;
import static org.inpaint.testkit.process.ChildProcesses.stop;
import static org.inpaint.testkit.process.ChildProcesses.tail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) on loopback, in a JVM of its own.
 *
 * <p>The broker's classpath is the one the module {@code testkit-kafka-broker} resolves and writes to
 * {@code testkit-kafka-broker/target/kafka-broker.classpath}; it is found through the system property
 * {@value #CLASSPATH_PROPERTY}, or else by walking up from the working directory. Each broker gets two free
 * loopback ports, a fresh temporary directory (properties, data, log) and a random cluster id. The child JVM
 * ({@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx512m}) formats the storage with
 * {@code kafka.tools.StorageTool format} and then runs {@code kafka.Kafka} (see {@link KafkaServerMain}); it runs
 * under {@link ParentWatchingMain}, so it exits when this JVM dies, however it dies.
 *
 * <p>Needs {@code org.apache.kafka:kafka-clients} on the caller's classpath (it is an optional dependency of the
 * testkit): readiness is checked and topics are created with the Admin client.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start()) {
 *     kafka.createTopic("frames", 3);
 *     ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

    /** System property naming the broker classpath file (one line, entries separated by the path separator). */
    public static final String CLASSPATH_PROPERTY = "inpaint.kafka.classpath";
    static final String CLASSPATH_FILE = "testkit-kafka-broker/target/kafka-broker.classpath";
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m");

    private Process process;
    private OutputStream childStdin;
    private final Path dir;
    private final Path log;
    private final int port;
    private final String bootstrapServers;
    private final Duration startupTime;
    private Thread shutdownHook;
    private final List<String> command;
    private final Duration startTimeout;
    private Admin admin;
    private boolean closed;

    private KafkaBroker(Process process, Path dir, Path log, int port, Duration startupTime, Thread shutdownHook,
                        List<String> command, Duration startTimeout) {
        this.command = command;
        this.startTimeout = startTimeout;
        this.process = process;
        this.childStdin = process.getOutputStream();
        this.dir = dir;
        this.log = log;
        this.port = port;
        this.bootstrapServers = "127.0.0.1:" + port;
        this.startupTime = startupTime;
        this.shutdownHook = shutdownHook;
    }

    /** Starts a broker with the defaults of {@link Builder} (1 partition per auto-created topic, 60 s to start). */
    public static KafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int port() {
        return port;
    }

    /** Time from launching the JVM (format included) to the broker answering the Admin client with its node. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The broker's temporary directory (server.properties, data, broker.log); deleted by {@link #close()}. */
    public Path directory() {
        return dir;
    }

    /** The broker's process (its pid, whether it is alive). */
    public synchronized ProcessHandle process() {
        return process.toHandle();
    }

    /**
     * Stops the broker (a controlled shutdown, or SIGKILL when {@code kill}) and starts it again on the same ports
     * and log directory, so its topics, messages and committed offsets are still there; returns once it answers.
     * Clients keep their bootstrap address and reconnect on their own.
     */
    public synchronized Duration restart(boolean kill) {
        if (closed) {
            throw new IllegalStateException("broker closed");
        }
        long t0 = System.nanoTime();
        if (kill) {
            process.destroyForcibly();
            try {
                process.waitFor(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while killing the broker", e);
            }
        } else {
            stop(process, Duration.ofSeconds(15));
        }
        try {
            childStdin.close();
        } catch (IOException ignored) {
            // the child is gone
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // shutting down
        }
        try {
            process = spawn(command, dir, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart the Kafka broker: " + e.getMessage(), e);
        }
        childStdin = process.getOutputStream();
        shutdownHook = stopOnExit(process);
        awaitReady(process, port, log, System.nanoTime(), startTimeout);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader; an existing topic is
     * left as it is. (Producing before the leader is in place got NOT_LEADER_OR_FOLLOWER, after which an idempotent
     * producer was seen retrying with OUT_OF_ORDER_SEQUENCE_NUMBER for minutes.)
     */
    public void createTopic(String name, int partitions) {
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic " + name + " not created within 30 s\n" + logTail(40), e);
        }
        awaitLeaders(name, Duration.ofSeconds(30));
    }

    private void awaitLeaders(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no description";
        try {
            while (System.nanoTime() < deadline) {
                try {
                    var description = admin().describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
                    boolean led = description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                    // the leader is announced before the broker has opened the partition's log; wait for the log too
                    long logs = led ? partitionLogs(topic, description.partitions().get(0).leader().id()) : 0;
                    if (led && logs == description.partitions().size()) {
                        return;
                    }
                    last = description + ", " + logs + " partition logs open";
                } catch (ExecutionException | TimeoutException e) {
                    last = e.toString();
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the leaders of " + topic, e);
        }
        throw new IllegalStateException("topic " + topic + " has partitions without a leader after " + timeout.toSeconds()
                + " s: " + last + "\n" + logTail(40));
    }

    private long partitionLogs(String topic, int brokerId) throws InterruptedException, ExecutionException, TimeoutException {
        return admin().describeLogDirs(List.of(brokerId)).allDescriptions().get(10, TimeUnit.SECONDS).get(brokerId).values()
                .stream().flatMap(dir -> dir.replicaInfos().keySet().stream()).filter(tp -> tp.topic().equals(topic)).count();
    }

    /** An Admin client on this broker, owned by it (closed by {@link #close()}). */
    public synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("broker closed");
        }
        if (admin == null) {
            admin = newAdmin(bootstrapServers);
        }
        return admin;
    }

    /** The last {@code lines} lines of the broker's output (stdout and stderr), for failure messages. */
    public String logTail(int lines) {
        return tail(log, lines);
    }

    /**
     * Stops the broker: SIGTERM (a controlled shutdown, usually 0.5–2 s), then SIGKILL after 15 s; deletes the
     * temporary directory. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        stop(process, Duration.ofSeconds(15));
        try {
            childStdin.close();
        } catch (IOException ignored) {
            // the child is gone
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers + ", pid " + process.pid() + "]";
    }

    /** Options of a broker to start. */
    public static final class Builder {
        private int numPartitions = 1;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Path classpathFile;

        private Builder() {
        }

        /** {@code num.partitions}: partitions of auto-created topics. */
        public Builder numPartitions(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("num.partitions must be >= 1");
            }
            this.numPartitions = n;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Any broker property, added to (or replacing one of) the generated server.properties. */
        public Builder property(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** The classpath file to use instead of looking it up. */
        public Builder classpathFile(Path file) {
            this.classpathFile = file;
            return this;
        }

        public KafkaBroker start() {
            String brokerClasspath = readClasspath(classpathFile != null ? classpathFile : findClasspathFile());
            // Ports are found free and then released, so another process may take one in between: retry then.
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return launch(this, brokerClasspath);
                } catch (PortTakenException e) {
                    last = e;
                }
            }
            throw last;
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    /** Starts the broker's JVM in its directory, its output appended to the log (a restart keeps the earlier lines). */
    private static Process spawn(List<String> command, Path dir, Path log) throws IOException {
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** A shutdown hook that stops the broker's JVM when this one exits; registered, and returned for removal. */
    private static Thread stopOnExit(Process process) {
        Thread hook = new Thread(() -> stop(process, Duration.ofSeconds(5)), "kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static KafkaBroker launch(Builder b, String brokerClasspath) {
        long t0 = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("inpaint-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = dir.resolve("broker.log");
        Process process = null;
        Thread hook = null;
        boolean started = false;
        try {
            int[] ports = freePorts(2);
            int port = ports[0];
            int controllerPort = ports[1];
            Path props = writeProperties(dir, port, controllerPort, b);
            String classpath = ownCodeSource() + File.pathSeparator + brokerClasspath;

            List<String> cmd = javaCommand(classpath);
            cmd.add(ParentWatchingMain.class.getName());
            cmd.add(KafkaServerMain.class.getName());
            cmd.add(randomClusterId());
            cmd.add(props.toString());
            process = spawn(cmd, dir, log);
            hook = stopOnExit(process);

            awaitReady(process, port, log, t0, b.startTimeout);
            KafkaBroker broker = new KafkaBroker(process, dir, log, port, Duration.ofNanos(System.nanoTime() - t0),
                    hook, List.copyOf(cmd), b.startTimeout);
            started = true;
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Kafka broker: " + e.getMessage(), e);
        } finally {
            if (!started) {
                if (process != null) {
                    stop(process, Duration.ofSeconds(5));
                }
                if (hook != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException ignored) {
                        // shutting down
                    }
                }
                deleteRecursively(dir);
            }
        }
    }

    private static void awaitReady(Process process, int port, Path log, long t0, Duration timeout) {
        long deadline = t0 + timeout.toNanos();
        try (Admin a = newAdmin("127.0.0.1:" + port)) {
            while (true) {
                if (!process.isAlive()) {
                    String tail = tail(log, 60);
                    String msg = "the Kafka broker exited with " + process.exitValue() + " before it was ready\n"
                            + tail;
                    if (tail.contains("Address already in use")) {
                        throw new PortTakenException(msg);
                    }
                    throw new IllegalStateException(msg);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the Kafka broker on 127.0.0.1:" + port + " was not ready within "
                            + timeout + "; last lines of its log:\n" + tail(log, 60));
                }
                try {
                    long wait = Math.min(TimeUnit.NANOSECONDS.toMillis(left), 3000);
                    var nodes = a.describeCluster().nodes().get(Math.max(wait, 1), TimeUnit.MILLISECONDS);
                    if (nodes.stream().map(Node::port).anyMatch(p -> p == port)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not up yet
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private static Admin newAdmin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        p.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
        return Admin.create(p);
    }

    static Path writeProperties(Path dir, int port, int controllerPort, Builder b) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", Integer.toString(b.numPartitions));
        p.put("auto.create.topics.enable", "true");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("log.cleaner.enable", "false");
        p.putAll(b.overrides);
        StringBuilder s = new StringBuilder("# written by org.inpaint.testkit.kafka.KafkaBroker\n");
        p.forEach((k, v) -> s.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path file = dir.resolve("server.properties");
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /**
     * A cluster id as Kafka wants it: a UUID's 16 bytes, base64url without padding (22 characters), never starting
     * with '-' (command-line parsers take such an argument for an option).
     */
    static String randomClusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (id.charAt(0) != '-') {
                return id;
            }
        }
    }

    static Path findClasspathFile() {
        String prop = System.getProperty(CLASSPATH_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            Path p = Paths.get(prop);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException(CLASSPATH_PROPERTY + "=" + prop + " is not a file");
            }
            return p;
        }
        Path start = Paths.get("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            Path candidate = d.resolve(CLASSPATH_FILE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no Kafka broker classpath: set -D" + CLASSPATH_PROPERTY
                + "=<file>, or build the module first (mvn -pl testkit-kafka-broker generate-resources) so that "
                + CLASSPATH_FILE + " exists in " + start + " or above");
    }

    private static String readClasspath(Path file) {
        try {
            String cp = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (cp.isEmpty()) {
                throw new IllegalStateException("empty Kafka broker classpath file " + file);
            }
            for (String entry : cp.split(File.pathSeparator)) {
                if (!Files.exists(Paths.get(entry))) {
                    throw new IllegalStateException("Kafka broker classpath file " + file + " names a missing jar "
                            + entry + "; rebuild the module testkit-kafka-broker");
                }
            }
            return cp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where this class was loaded from (a jar or a classes directory): ParentWatchingMain lives there too. */
    private static String ownCodeSource() {
        try {
            return Paths.get(ParentWatchingMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> javaCommand(String classpath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        cmd.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        cmd.add("-cp");
        cmd.add(classpath);
        return cmd;
    }

    private static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
