package org.inpaint.inference.neural.weights;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.MalformedModelException;
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
        try {
            Path dir = Files.createDirectories(root.resolve(network));
            int next = versions(network).stream().mapToInt(m -> Integer.parseInt(m.version().substring(1))).max().orElse(0) + 1;
            String version = String.format("v%04d", next);
            Path tmp = Files.createTempDirectory(dir, ".saving-");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.resolve(PARAMETERS))))) {
                block.saveParameters(out);
            }
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
        ModelCard c = model.card();
        ModelCard updated = new ModelCard(c.architecture(), c.paper(), c.width(), c.inputSize(), c.parameters(),
                c.trainingData(), c.steps(), c.createdAt(), metrics, c.deviations(), c.prefill());
        try {
            Path tmp = Files.createTempFile(model.directory(), ".card-", ".json");
            JSON.writeValue(tmp.toFile(), updated);
            Files.move(tmp, model.directory().resolve(CARD), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the card in " + model.directory(), e);
        }
        return new StoredModel(model.network(), model.version(), model.directory(), updated);
    }

    /** Loads parameters into an initialised block of the same architecture and width. */
    public static void load(StoredModel model, Block block, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(model.parameters())))) {
            block.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot load " + model.directory() + ": " + e.getMessage(), e);
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
