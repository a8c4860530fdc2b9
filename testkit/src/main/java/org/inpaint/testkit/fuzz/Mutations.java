package org.inpaint.testkit.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Inputs for fuzz properties: seeds from a committed corpus, mutated the way real corruption and hostile inputs
 * look (bit flips, truncation, inserted, deleted and overwritten bytes, large integers written over header fields,
 * splices of two seeds), plus arbitrary bytes. jqwik draws and shrinks them.
 */
public final class Mutations {

    private Mutations() {
    }

    /** Files of the committed seed corpus ({@code fuzz/} beside this class; see its README), e.g. {@code images/photo.png}. */
    public static List<byte[]> corpus(String... names) {
        List<byte[]> seeds = new ArrayList<>();
        for (String r : names) {
            try (InputStream in = Mutations.class.getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalArgumentException("no fuzz seed " + r + " on the classpath");
                }
                seeds.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seeds;
    }

    /** Seeds given as text (UTF-8). */
    public static List<byte[]> textSeeds(String... texts) {
        return Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** A seed, mutated 0–4 times; one draw in ten is arbitrary bytes instead. */
    public static Arbitrary<byte[]> of(List<byte[]> seeds) {
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(seeds), Arbitraries.of(seeds),
                        Arbitraries.longs().array(long[].class).ofMinSize(0).ofMaxSize(4))
                .as(Mutations::mutate);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, mutated),
                net.jqwik.api.Tuple.of(1, random));
    }

    /** Mutated text seeds, as strings (invalid UTF-8 becomes replacement characters, as a server would read it). */
    public static Arbitrary<String> text(List<byte[]> seeds) {
        return of(seeds).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Applies one mutation per entry of {@code moves}; each long picks the kind, the position and the value. */
    static byte[] mutate(byte[] seed, byte[] other, long[] moves) {
        byte[] b = seed.clone();
        for (long move : moves) {
            int kind = (int) Math.floorMod(move, 7L);
            long rest = move >>> 3;
            int at = b.length == 0 ? 0 : (int) Math.floorMod(rest, (long) b.length);
            int value = (int) (rest >>> 20);
            switch (kind) {
                case 0 -> { // flip one bit
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 << (value & 7));
                    }
                }
                case 1 -> b = Arrays.copyOf(b, at); // truncate
                case 2 -> { // insert a run of one byte
                    int n = 1 + (value & 63);
                    byte[] t = new byte[b.length + n];
                    System.arraycopy(b, 0, t, 0, at);
                    Arrays.fill(t, at, at + n, (byte) (value >>> 6));
                    System.arraycopy(b, at, t, at + n, b.length - at);
                    b = t;
                }
                case 3 -> { // delete a run
                    int n = Math.min(b.length - at, 1 + (value & 63));
                    byte[] t = new byte[b.length - n];
                    System.arraycopy(b, 0, t, 0, at);
                    System.arraycopy(b, at + n, t, at, b.length - at - n);
                    b = t;
                }
                case 4 -> { // a large big-endian integer over a (header) field
                    int[] huge = {0x7FFFFFFF, 0xFFFFFFFF, 0x00010000, 0x80000000, 100_000};
                    int v = huge[Math.floorMod(value, huge.length)];
                    for (int i = 0; i < 4 && at + i < b.length; i++) {
                        b[at + i] = (byte) (v >>> (24 - 8 * i));
                    }
                }
                case 5 -> { // splice: this seed's head, the other's tail
                    int cut = other.length == 0 ? 0 : Math.floorMod(value, other.length);
                    byte[] t = Arrays.copyOf(b, at + other.length - cut);
                    System.arraycopy(other, cut, t, at, other.length - cut);
                    b = t;
                }
                default -> { // overwrite one byte with an interesting value
                    byte[] interesting = {0, (byte) 0xFF, 0x7F, (byte) 0x80, '"', ',', '-', '9', '{', '['};
                    if (b.length > 0) {
                        b[at] = interesting[Math.floorMod(value, interesting.length)];
                    }
                }
            }
        }
        return b;
    }
}
