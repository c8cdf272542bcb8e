package dev.corsagent.it.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Repeats a request until its response satisfies a condition (a reload, an attach) or time runs out. */
public final class Eventually {
    private Eventually() {
    }

    /** The first response that satisfies {@code until}, or the last one tried when none did in time. */
    public static HttpResponse response(Duration within, Supplier<HttpResponse> request, Predicate<HttpResponse> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse r = request.get();
        while (!until.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            r = request.get();
        }
        return r;
    }
}
