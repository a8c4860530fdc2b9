package org.inpaint.inference.ensemble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Supplier;
import org.inpaint.core.InpaintException;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineKind;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.InpaintEngine;

/**
 * The engine "ensemble": the mean of several engines' fills, by default the served lbam, csa and swap. Ready when
 * every member is; it costs the sum of its members' times. The members come from the system property
 * {@value #MEMBERS_PROPERTY}, a comma-separated list of engine names that the app sets from
 * {@code inference.ensemble}.
 */
public final class EnsembleProvider implements EngineProvider {

    public static final String NAME = "ensemble";
    public static final String MEMBERS_PROPERTY = "inpaint.ensemble.members";
    public static final List<String> DEFAULT_MEMBERS = List.of("lbam", "csa", "swap");

    private final Supplier<List<String>> memberNames;
    private final Function<String, EngineProvider> lookup;

    /** For the service loader: the configured members, found among the other engines on the class path. */
    public EnsembleProvider() {
        this(EnsembleProvider::configuredMembers, EnsembleProvider::discovered);
    }

    /** The members named, looked up through {@code lookup}, which fails for an unknown name. */
    public EnsembleProvider(List<String> members, Function<String, EngineProvider> lookup) {
        this(() -> parse(String.join(",", members), "members"), lookup);
    }

    private EnsembleProvider(Supplier<List<String>> memberNames, Function<String, EngineProvider> lookup) {
        this.memberNames = memberNames;
        this.lookup = lookup;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The configured member names, checked: known engine names, none repeated, not the ensemble itself. */
    public static List<String> configuredMembers() {
        String p = System.getProperty(MEMBERS_PROPERTY);
        return p == null || p.isBlank() ? DEFAULT_MEMBERS : parse(p, "inference.ensemble");
    }

    /** A comma-separated list of member names; {@code field} names the setting in the error for a bad one. */
    public static List<String> parse(String names, String field) {
        List<String> members = Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (members.size() < 2) {
            throw InpaintException.badInput(field, "an ensemble needs two or more engines, got '" + names + "'");
        }
        if (members.contains(NAME)) {
            throw InpaintException.badInput(field, "an ensemble cannot hold itself");
        }
        if (members.stream().distinct().count() != members.size()) {
            throw InpaintException.badInput(field, "an engine is named twice in '" + names + "'");
        }
        return members;
    }

    private List<EngineProvider> members() {
        return memberNames.get().stream().map(lookup).toList();
    }

    @Override
    public EngineInfo info() {
        List<EngineProvider> members = members();
        List<EngineInfo> infos = members.stream().map(EngineProvider::info).toList();
        List<String> notReady = infos.stream().filter(i -> !i.ready()).map(i -> i.name() + " (" + i.status() + ")").toList();
        String names = String.join(", ", infos.stream().map(EngineInfo::name).toList());
        int workingSize = infos.stream().mapToInt(EngineInfo::workingSize).max().orElse(0);
        int maxBatch = infos.stream().mapToInt(EngineInfo::maxBatch).min().orElse(1);
        int multiple = infos.stream().mapToInt(EngineInfo::sizeMultiple).reduce(1, EnsembleProvider::lcm);
        boolean neural = infos.stream().anyMatch(i -> i.kind() == EngineKind.NEURAL);
        String status = notReady.isEmpty() ? "the mean of " + names
                : "not ready: " + String.join("; ", notReady);
        return new EngineInfo(NAME, neural ? EngineKind.NEURAL : EngineKind.CLASSICAL,
                "the mean of several engines' fills (" + names + ")", workingSize, maxBatch, multiple, "cpu",
                notReady.isEmpty(), status);
    }

    @Override
    public InpaintEngine create() {
        EngineInfo info = info();
        if (!info.ready()) {
            throw new IllegalStateException(info.status());
        }
        List<InpaintEngine> engines = new ArrayList<>();
        try {
            for (EngineProvider member : members()) {
                engines.add(member.create());
            }
            return new EnsembleEngine(info, engines);
        } catch (RuntimeException e) {
            engines.forEach(InpaintEngine::close);
            throw e;
        }
    }

    private static EngineProvider discovered(String name) {
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
            if (p.name().equals(name) && !(p instanceof EnsembleProvider)) {
                return p;
            }
        }
        throw new InpaintException(InpaintException.Kind.UNKNOWN_ENGINE, "inference.ensemble",
                "unknown engine '" + name + "' in the ensemble");
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }
}
