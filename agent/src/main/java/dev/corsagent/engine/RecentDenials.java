package dev.corsagent.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@link #CAPACITY} denied requests, for an operator asking "what was refused just now".
 * A fixed ring written without a lock: a denial takes the next slot. Each entry keeps the
 * {@link Decision}, whose reason (request text escaped, bounded) is rendered only when read.
 */
public final class RecentDenials {
    public static final int CAPACITY = 20;

    /** One denied request and when it was decided. */
    public static final class Denial {
        public final long timeMillis;
        public final Decision decision;

        Denial(long timeMillis, Decision decision) {
            this.timeMillis = timeMillis;
            this.decision = decision;
        }
    }

    private final AtomicReferenceArray<Denial> ring = new AtomicReferenceArray<Denial>(CAPACITY);
    private final AtomicLong written = new AtomicLong();

    void add(Decision decision) {
        long slot = written.getAndIncrement();
        ring.set((int) (slot % CAPACITY), new Denial(System.currentTimeMillis(), decision));
    }

    /** The denials held, newest first. */
    public List<Denial> newestFirst() {
        long end = written.get();
        List<Denial> out = new ArrayList<Denial>(CAPACITY);
        for (long i = end - 1; i >= 0 && i >= end - CAPACITY; i--) {
            Denial denial = ring.get((int) (i % CAPACITY));
            if (denial != null && !out.contains(denial)) {
                out.add(denial);
            }
        }
        return out;
    }

    /** Denials recorded since the start, including those no longer held. */
    public long total() {
        return written.get();
    }
}
