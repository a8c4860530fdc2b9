package org.inpaint.inference.neural.weights;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inpaint.core.InpaintException;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Versioned weights on disk: {@code <root>/<network>/v0001/{parameters.bin, card.json}}, one directory per saved
 * version, numbered upwards; the highest number is the current one. A version is written to a temporary
 * directory and renamed into place, so a reader never sees half of one.
 */
public final class WeightStore {

    public static final String PARAMETERS = "parameters.bin";
    public static final String CARD = "card.json";
    /** System property (set by the app from {@code models.dir}) or environment variable INPAINT_MODELS_DIR. */
    public static final String LOCATION_PROPERTY = "inpaint.models.dir";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public WeightStore(Path root) {
        this.root = root;
    }

    /** The store the app is configured to use (property, then environment, then ./models). */
    public static WeightStore configured() {
        String p = System.getProperty(LOCATION_PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv("INPAINT_MODELS_DIR");
        }
        return new WeightStore(Path.of(p == null || p.isBlank() ? "models" : p));
    }

    public Path root() {
        return root;
    }

    public List<StoredModel> versions(String network) {
        Path dir = root.resolve(network);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("v\\d{4,}"))
                    .filter(p -> Files.isRegularFile(p.resolve(PARAMETERS)) && Files.isRegularFile(p.resolve(CARD)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(p -> new StoredModel(network, p.getFileName().toString(), p, readCard(p.resolve(CARD))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<StoredModel> latest(String network) {
        List<StoredModel> all = versions(network);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Writes the block's parameters and the card as the next version. */
    public StoredModel save(String network, Block block, ModelCard card) {
        return writeNext(network, card, dir -> {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(PARAMETERS))))) {
                block.saveParameters(out);
            }
        });
    }

    /** Copies a version stored elsewhere (a training run's export) into this store as the network's next version. */
    public StoredModel install(StoredModel model) {
        return writeNext(model.network(), model.card(), dir -> Files.copy(model.parameters(), dir.resolve(PARAMETERS)));
    }

    /**
     * The version stored in {@code directory} (a {@code vNNNN} folder holding parameters and a card).
     *
     * @param field how the caller's input names the directory, for the error when it holds no version
     */
    public static StoredModel read(Path directory, String field) {
        if (!Files.isRegularFile(directory.resolve(PARAMETERS)) || !Files.isRegularFile(directory.resolve(CARD))) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, field, directory + " holds no stored version ("
                    + PARAMETERS + " and " + CARD + ")");
        }
        ModelCard card = readCard(directory.resolve(CARD));
        return new StoredModel(card.architecture(), directory.getFileName().toString(), directory, card);
    }

    private interface ParametersWriter {
        void write(Path directory) throws IOException;
    }

    /** Writes the next version of {@code network} into a temporary folder, then renames it into place. */
    private StoredModel writeNext(String network, ModelCard card, ParametersWriter parameters) {
        try {
            Path dir = Files.createDirectories(root.resolve(network));
            int next = versions(network).stream().mapToInt(m -> Integer.parseInt(m.version().substring(1))).max().orElse(0) + 1;
            String version = String.format("v%04d", next);
            Path tmp = Files.createTempDirectory(dir, ".saving-");
            parameters.write(tmp);
            JSON.writeValue(tmp.resolve(CARD).toFile(), card);
            Path target = dir.resolve(version);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            return new StoredModel(network, version, target, card);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces a stored version's measured metrics (its card's {@code metrics}), written to a temporary file and
     * renamed over the card. The weights are not touched.
     */
    public static StoredModel recordMetrics(StoredModel model, java.util.Map<String, Double> metrics) {
        return rewriteCard(model, model.card().withMetrics(metrics));
    }

    /**
     * Replaces a stored version's card, written to a temporary file and renamed over the old one. The weights are not
     * touched.
     */
    public static StoredModel rewriteCard(StoredModel model, ModelCard updated) {
        try {
            Path tmp = Files.createTempFile(model.directory(), ".card-", ".json");
            JSON.writeValue(tmp.toFile(), updated);
            Files.move(tmp, model.directory().resolve(CARD), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the card in " + model.directory(), e);
        }
        return new StoredModel(model.network(), model.version(), model.directory(), updated);
    }

    /**
     * Loads parameters into an initialised block of the same architecture and width; parameters stored as float16
     * ({@link #storeAsFloat16}) come back as float32.
     */
    public static void load(StoredModel model, Block block, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(model.parameters())))) {
            block.loadParameters(manager, in);
            convert(block, manager, DataType.FLOAT16, DataType.FLOAT32);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot load " + model.directory() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites a stored version's parameters as float16, half the bytes, in place (written to a temporary file and
     * renamed over the old one); {@code block} is an initialised block of its architecture and width.
     */
    public static void storeAsFloat16(StoredModel model, Block block, NDManager manager) {
        load(model, block, manager);
        try {
            convert(block, manager, DataType.FLOAT32, DataType.FLOAT16);
            Path tmp = Files.createTempFile(model.directory(), ".parameters-", ".bin");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                block.saveParameters(out);
            }
            Files.move(tmp, model.parameters(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            convert(block, manager, DataType.FLOAT16, DataType.FLOAT32);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot rewrite " + model.directory() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every parameter array of type {@code from} replaced by its conversion to {@code to}. DJL lets a shaped
     * parameter take a new array only through {@link Parameter#load}, so the converted array goes through the
     * parameter's own serial form: its header as {@link Parameter#save} writes it, then the new array.
     */
    private static void convert(Block block, NDManager manager, DataType from, DataType to) throws IOException, MalformedModelException {
        for (Pair<String, Parameter> named : block.getParameters()) {
            Parameter p = named.getValue();
            NDArray array = p.getArray();
            if (array == null || array.getDataType() != from) {
                continue;
            }
            java.io.ByteArrayOutputStream saved = new java.io.ByteArrayOutputStream();
            p.save(new DataOutputStream(saved));
            byte[] current = saved.toByteArray();
            int header = current.length - array.encode().length;
            java.io.ByteArrayOutputStream next = new java.io.ByteArrayOutputStream();
            next.write(current, 0, header);
            try (NDArray converted = array.toType(to, true)) {
                next.write(converted.encode());
            }
            p.load(manager, new DataInputStream(new java.io.ByteArrayInputStream(next.toByteArray())));
            array.close();
        }
    }

    static ModelCard readCard(Path p) {
        try {
            return JSON.readValue(p.toFile(), ModelCard.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable model card " + p, e);
        }
    }
}
