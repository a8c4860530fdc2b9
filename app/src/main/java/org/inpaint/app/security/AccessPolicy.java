package org.inpaint.app.security;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.inpaint.core.InpaintException;

/**
 * What a request over the network may touch: files only under the configured roots of their kind (after the path
 * is made absolute, normalised and its symlinks resolved, so neither {@code ..} nor a link leads out), and URLs only
 * with the schemes rtsp, rtsps, http and https, to the allowed hosts when a host list is set. Anything else is a
 * {@link InpaintException.Kind#FORBIDDEN} error naming the field and what is allowed. The CLI does not use it: a local
 * user may read and write whatever the process may.
 */
public final class AccessPolicy {

    /** The kinds of file a request may name, each with its own roots. */
    public enum Area {
        MEDIA("paths.media"), OUTPUTS("paths.outputs"), DATASETS("paths.datasets"), RUNS("training.runsDir");

        private final String setting;

        Area(String setting) {
            this.setting = setting;
        }
    }

    static final Set<String> URL_SCHEMES = Set.of("rtsp", "rtsps", "http", "https");
    static final Set<String> OUTPUT_URL_SCHEMES = Set.of("rtsp", "rtsps");

    private final List<Path> media;
    private final List<Path> outputs;
    private final List<Path> datasets;
    private final List<Path> runs;
    private final List<String> urlHosts;

    public AccessPolicy(List<Path> media, List<Path> outputs, List<Path> datasets, List<Path> runs, List<String> urlHosts) {
        this.media = absolute(media);
        this.outputs = absolute(outputs);
        this.datasets = absolute(datasets);
        this.runs = absolute(runs);
        this.urlHosts = urlHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * A video source: a URL with an allowed scheme and host, or a file under the media roots (relative paths
     * resolve against the first one). Returns what the source should open.
     */
    public String source(String field, String value) {
        return looksLikeUrl(value) ? url(field, value, URL_SCHEMES) : file(field, value, Area.MEDIA).toString();
    }

    /** A stream output: an rtsp(s) URL to an allowed host, or a file under the output roots. */
    public String output(String field, String value) {
        return looksLikeUrl(value) ? url(field, value, OUTPUT_URL_SCHEMES) : file(field, value, Area.OUTPUTS).toString();
    }

    /**
     * The file or directory {@code value} resolved (relative paths against the area's first root), refused unless it
     * lies under one of the area's roots once symlinks are resolved. It need not exist yet (an output, a new run).
     */
    public Path file(String field, String value, Area area) {
        List<Path> roots = roots(area);
        if (roots.isEmpty()) {
            throw forbidden(field, "no " + area.setting + " root is configured, so no file may be named over HTTP");
        }
        Path requested;
        try {
            Path p = Path.of(value);
            requested = (p.isAbsolute() ? p : roots.get(0).resolve(p)).normalize();
        } catch (InvalidPathException e) {
            throw InpaintException.badInput(field, "'" + value + "' is not a valid path: " + e.getReason());
        }
        Path real = resolveLinks(requested);
        for (Path root : roots) {
            if (real.startsWith(resolveLinks(root))) {
                return real;
            }
        }
        throw forbidden(field, "'" + value + "' is outside the allowed " + area.setting + " roots: " + describe(roots));
    }

    private String url(String field, String value, Set<String> schemes) {
        String scheme = value.substring(0, value.indexOf(':')).toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw forbidden(field, "URL scheme '" + scheme + "' is not allowed; allowed: "
                    + String.join(", ", schemes.stream().sorted().toList()));
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw InpaintException.badInput(field, "'" + value + "' is not a valid URL: " + e.getReason());
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            throw InpaintException.badInput(field, "'" + value + "' names no host");
        }
        if (!urlHosts.isEmpty() && !urlHosts.contains(host)) {
            throw forbidden(field, "host '" + host + "' is not in paths.urlHosts: " + String.join(", ", urlHosts));
        }
        return value;
    }

    private static boolean looksLikeUrl(String value) {
        return value.matches("(?s)^[A-Za-z][A-Za-z0-9+.-]*:.*") && !value.matches("(?s)^[A-Za-z]:[\\\\/].*");
    }

    private List<Path> roots(Area area) {
        return switch (area) {
            case MEDIA -> media;
            case OUTPUTS -> outputs;
            case DATASETS -> datasets;
            case RUNS -> runs;
        };
    }

    /** The path with every symlink of its longest existing prefix resolved; the rest appended as it is. */
    private static Path resolveLinks(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(p)).normalize();
        } catch (IOException e) {
            return p;
        }
    }

    private static List<Path> absolute(List<Path> roots) {
        return roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    }

    private static String describe(List<Path> roots) {
        return String.join(", ", roots.stream().map(Path::toString).toList());
    }

    private static InpaintException forbidden(String field, String message) {
        return new InpaintException(InpaintException.Kind.FORBIDDEN, field, message);
    }
}
