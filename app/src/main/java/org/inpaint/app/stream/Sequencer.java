package org.inpaint.app.stream;

import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Restores frame order: results may finish out of order on several workers; they are released strictly by sequence
 * number, and a dropped frame releases its slot without output.
 */
final class Sequencer {

    private final TreeMap<Long, StreamResult> pending = new TreeMap<>();
    private final java.util.Set<Long> skipped = new java.util.HashSet<>();
    private final Consumer<StreamResult> out;
    private long next;

    Sequencer(long first, Consumer<StreamResult> out) {
        this.next = first;
        this.out = out;
    }

    synchronized void complete(StreamResult r) {
        pending.put(r.seq(), r);
        drain();
    }

    synchronized void skip(long seq) {
        skipped.add(seq);
        drain();
    }

    private void drain() {
        while (true) {
            if (skipped.remove(next)) {
                next++;
            } else if (pending.containsKey(next)) {
                out.accept(pending.remove(next));
                next++;
            } else {
                return;
            }
        }
    }
}
