package org.inpaint.inference.neural.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript archive of a module without parameters, given the TorchScript source of its class: the zip
 * that {@code torch.jit.save} writes ({@code <name>/code/__torch__.py}, {@code <name>/data.pkl} holding the pickled
 * module object, {@code <name>/constants.pkl}, {@code <name>/version}), so PyTorch operations DJL does not expose
 * can be reached without Python.
 */
final class TorchScriptArchive {

    private TorchScriptArchive() {
    }

    /**
     * @param className the module's class, as declared in {@code source} ({@code class Name(Module):})
     * @param source    the body of {@code code/__torch__.py}
     */
    static void write(Path file, String className, String source) throws IOException {
        String root = className.toLowerCase(java.util.Locale.ROOT);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, root + "/data.pkl", moduleObject(className));
            stored(zip, root + "/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, root + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(zip, root + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Pickle protocol 2 of {@code __torch__.<className>} built from {training: True, _is_full_backward_hook: None}. */
    static byte[] moduleObject(String className) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80);
        b.write(2);
        b.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        b.write(')');  // empty tuple: no constructor arguments
        b.write(0x81); // NEWOBJ
        b.write('}');  // empty dict
        b.write('(');  // mark
        unicode(b, "training");
        b.write(0x88); // True
        unicode(b, "_is_full_backward_hook");
        b.write('N');  // None
        b.write('u');  // set items
        b.write('b');  // build
        b.write('.');
        return b.toByteArray();
    }

    private static void unicode(ByteArrayOutputStream b, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        b.write('X');
        for (int i = 0; i < 4; i++) {
            b.write((utf8.length >>> (8 * i)) & 0xFF);
        }
        b.writeBytes(utf8);
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
