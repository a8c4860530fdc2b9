package org.inpaint.training.objectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.inpaint.inference.neural.ops.Scalars;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * No network, loss or objective calls DJL's {@code Number} overloads whose constant autograd keeps
 * ({@code mul}, {@code div}, {@code maximum}, {@code minimum}, {@code pow}): a garbage collection before the backward
 * pass frees that constant, and the gradient is read from freed memory ({@link Scalars}, {@code ScalarsTest}).
 */
class DifferentiableConstantsTest {

    private static final Set<String> KEPT_BY_AUTOGRAD = Set.of("mul", "div", "maximum", "minimum", "pow");
    private static final String NUMBER_OVERLOAD = "(Ljava/lang/Number;)Lai/djl/ndarray/NDArray;";

    @Test
    void theInferenceAndTrainingCodeUsesScalarsForConstantsInTheGraph() throws Exception {
        List<Path> roots = List.of(classesOf(Scalars.class), classesOf(DifferentiableConstantsTest.class).resolveSibling("classes"));
        List<String> calls = new ArrayList<>();
        int classes = 0;
        for (Path root : roots) {
            // a module's classes are a directory in the reactor build, its jar when installed
            try (FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root);
                 Stream<Path> files = Files.walk(jar == null ? root : jar.getPath("/"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    classes++;
                    calls.addAll(numberOverloadCalls(f));
                }
            }
        }
        assertTrue(classes > 100, "read " + classes + " classes");
        assertEquals(List.of(), calls, "use Scalars instead");
    }

    private static Path classesOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** "Class.method line N: NDArray.mul(Number)" for each call of a kept-by-autograd Number overload in {@code file}. */
    private static List<String> numberOverloadCalls(Path file) throws IOException {
        List<String> found = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            ClassReader reader = new ClassReader(in);
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        int line;

                        @Override
                        public void visitLineNumber(int number, Label start) {
                            line = number;
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
                            if (owner.startsWith("ai/djl/") && KEPT_BY_AUTOGRAD.contains(name) && desc.equals(NUMBER_OVERLOAD)) {
                                found.add(reader.getClassName() + "." + method + " line " + line + ": " + owner + "." + name + "(Number)");
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES);
        }
        return found;
    }
}
