package dev.corsagent.it.support;

import java.time.Duration;

/** The shop app served by a container in a child JVM, reachable on localhost:{@link #port()}. */
public final class RunningApp implements AutoCloseable {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(150);

    private final ChildJvm jvm;
    private final int port;

    public RunningApp(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    public int port() {
        return port;
    }

    public ChildJvm jvm() {
        return jvm;
    }

    public HttpResponse send(RawHttp request) {
        return request.send(port);
    }

    /** Waits until /shop/stats answers 200; fails early, with the child's output, when the child dies. */
    public RunningApp awaitServing() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw new AssertionError(jvm.name() + " exited before serving /shop/stats\n" + jvm.describe());
            }
            try {
                HttpResponse r = RawHttp.get("/shop/stats").send(port);
                if (r.status() == 200) {
                    return this;
                }
                last = new AssertionError("status " + r.status());
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        close();
        throw new AssertionError(jvm.name() + " did not serve /shop/stats within " + STARTUP_TIMEOUT
                + " (last: " + last + ")\n" + jvm.describe());
    }

    /** How many OPTIONS requests the app's AuthFilter has seen, from /shop/stats. */
    public int filterOptions() {
        return statsField("filterOptions");
    }

    public int filterRequests() {
        return statsField("filterRequests");
    }

    private int statsField(String field) {
        HttpResponse r = RawHttp.get("/shop/stats").send(port);
        if (r.status() != 200) {
            throw new AssertionError("/shop/stats: " + r);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no " + field + " in /shop/stats: " + r);
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public void close() {
        jvm.close();
    }
}
