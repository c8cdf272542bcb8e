package dev.corsagent.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one policy decided since the agent started, across reloads (kept by policy name). Counted on
 * the request path, so each count is one {@link LongAdder} increment: no lock, no allocation once a
 * contended adder has its cells, and never keyed by request text.
 */
public final class PolicyCounters {
    final LongAdder preflightsAllowed = new LongAdder();
    final LongAdder preflightsDenied = new LongAdder();
    final LongAdder actualGranted = new LongAdder();
    final LongAdder actualNotGranted = new LongAdder();
    final LongAdder withoutOrigin = new LongAdder();
    final LongAdder appHeadersDropped = new LongAdder();
    /** Requests cross-origin protection refused (enforce) or would have refused (report-only). */
    final LongAdder crossOriginRefused = new LongAdder();

    PolicyCounters() {
    }

    /** Counts a request with an Origin after the grant step. */
    void count(RequestType type, Verdict verdict, boolean preflightShaped) {
        boolean allowed = verdict == Verdict.ALLOWED;
        if (type == RequestType.PRE_FLIGHT || type == RequestType.INVALID_CORS && preflightShaped) {
            (allowed ? preflightsAllowed : preflightsDenied).increment();
        } else {
            (allowed ? actualGranted : actualNotGranted).increment();
        }
    }

    public long preflightsAllowed() {
        return preflightsAllowed.sum();
    }

    public long preflightsDenied() {
        return preflightsDenied.sum();
    }

    public long actualGranted() {
        return actualGranted.sum();
    }

    public long actualNotGranted() {
        return actualNotGranted.sum();
    }

    public long withoutOrigin() {
        return withoutOrigin.sum();
    }

    public long appHeadersDropped() {
        return appHeadersDropped.sum();
    }

    public long crossOriginRefused() {
        return crossOriginRefused.sum();
    }
}
