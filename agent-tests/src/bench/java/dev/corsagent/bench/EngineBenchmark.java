package dev.corsagent.bench;

import java.util.Collections;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.engine.CorsEngine;
import dev.corsagent.engine.Decision;
import dev.corsagent.engine.RequestFacts;
import dev.corsagent.runtime.AgentRuntime;

/**
 * The engine's decision alone, and the agent's request handler ({@link AgentRuntime#decide}) for
 * the no-Origin request, which is what the advice calls. The {@code ...Plan} cases take the hot path
 * the agent uses when no decision is logged ({@link CorsEngine#plan}); the others build the full
 * {@link Decision} (debug logging, report-only, the CLI). Run with {@code -prof gc} to see
 * allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineBenchmark {

    @Param({"1", "1000"})
    public int exactOrigins;

    private static final String PREFLIGHT_HEADERS = "content-type, authorization";

    private CorsEngine engine;
    private String allowedOrigin;
    private java.util.List<String> allowedOriginLine;
    private AgentRuntime runtime;
    private RequestFacts allowedActual;
    private RequestFacts deniedActual;
    private RequestFacts subdomainActual;
    private RequestFacts allowedPreflight;
    private RequestFacts deniedPreflight;

    @Setup
    public void setUp() {
        engine = BenchPolicy.engine(exactOrigins);
        runtime = BenchPolicy.runtime(exactOrigins);
        String allowed = BenchPolicy.allowedOrigin(exactOrigins);
        allowedOrigin = allowed;
        allowedOriginLine = Collections.singletonList(allowed);
        allowedActual = actual(allowed);
        deniedActual = actual(BenchPolicy.DENIED_ORIGIN);
        subdomainActual = actual(BenchPolicy.SUBDOMAIN_ORIGIN);
        allowedPreflight = preflight(allowed);
        deniedPreflight = preflight(BenchPolicy.DENIED_ORIGIN);
    }

    private static RequestFacts actual(String origin) {
        return new RequestFacts("GET", BenchPolicy.PATH, Collections.singletonList(origin), null,
                Collections.<String>emptyList(), false, null);
    }

    private static RequestFacts preflight(String origin) {
        return new RequestFacts("OPTIONS", BenchPolicy.PATH, Collections.singletonList(origin), "PUT",
                Collections.singletonList(PREFLIGHT_HEADERS), false, null);
    }

    @Benchmark
    public ResponsePlan noOrigin() {
        return engine.planWithoutOrigin("GET", BenchPolicy.PATH);
    }

    /** A request on a path no policy covers (most of an app's requests): two prefix tests. */
    @Benchmark
    public ResponsePlan uncoveredPath() {
        return engine.planWithoutOrigin("GET", BenchPolicy.UNCOVERED_PATH);
    }

    /** What the advice calls for a request without Origin (a same-origin GET): must allocate nothing. */
    @Benchmark
    public ResponsePlan noOriginThroughRuntime() {
        return runtime.decide("GET", BenchPolicy.PATH, Collections.<String>emptyEnumeration(), null,
                Collections.<String>emptyEnumeration(), null, null, null, null, null, null);
    }

    /** What the advice calls for an allowed GET from an exact origin (enforce, no debug log). */
    @Benchmark
    public ResponsePlan allowedActualThroughRuntime() {
        return runtime.decide("GET", BenchPolicy.PATH, Collections.enumeration(allowedOriginLine), null, null, null,
                null, null, null, null, null);
    }

    @Benchmark
    public ResponsePlan allowedActualPlan() {
        return engine.plan("GET", BenchPolicy.PATH, allowedOrigin, null, null, false, null);
    }

    @Benchmark
    public ResponsePlan deniedActualPlan() {
        return engine.plan("GET", BenchPolicy.PATH, BenchPolicy.DENIED_ORIGIN, null, null, false, null);
    }

    @Benchmark
    public ResponsePlan subdomainActualPlan() {
        return engine.plan("GET", BenchPolicy.PATH, BenchPolicy.SUBDOMAIN_ORIGIN, null, null, false, null);
    }

    @Benchmark
    public ResponsePlan allowedPreflightPlan() {
        return engine.plan("OPTIONS", BenchPolicy.PATH, allowedOrigin, "PUT", PREFLIGHT_HEADERS, false, null);
    }

    @Benchmark
    public ResponsePlan deniedPreflightPlan() {
        return engine.plan("OPTIONS", BenchPolicy.PATH, BenchPolicy.DENIED_ORIGIN, "PUT", PREFLIGHT_HEADERS, false,
                null);
    }

    @Benchmark
    public Decision allowedActual() {
        return engine.decide(allowedActual);
    }

    @Benchmark
    public Decision deniedActual() {
        return engine.decide(deniedActual);
    }

    @Benchmark
    public Decision subdomainActual() {
        return engine.decide(subdomainActual);
    }

    @Benchmark
    public Decision allowedPreflight() {
        return engine.decide(allowedPreflight);
    }

    @Benchmark
    public Decision deniedPreflight() {
        return engine.decide(deniedPreflight);
    }
}
