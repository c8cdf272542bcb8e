package dev.corsagent.bench;

import java.util.Collections;
import java.util.List;
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
import dev.corsagent.runtime.AgentRuntime;

/**
 * What cross-origin protection (issue 16) adds to what the advice calls, {@link AgentRuntime#decide}:
 * each case once with the policy as in {@link EngineBenchmark} ({@code plain}) and once with
 * {@code cross-origin-protection = enforce} ({@code protecting}), with the headers the advice then
 * reads. Run with {@code -prof gc}: a GET, a request without Origin and an allowed POST must cost
 * the same and allocate the same in both. (A refused request is left out: its info line dominates.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProtectionBenchmark {
    @Param({"plain", "protecting"})
    public String policy;

    private static final String HOST = "shop.example";
    private AgentRuntime runtime;
    private List<String> allowedOriginLine;
    private List<String> deniedOriginLine;
    private boolean protecting;

    @Setup
    public void setUp() {
        protecting = policy.equals("protecting");
        runtime = protecting ? BenchPolicy.protectingRuntime(1000) : BenchPolicy.runtime(1000);
        allowedOriginLine = Collections.singletonList(BenchPolicy.allowedOrigin(1000));
        deniedOriginLine = Collections.singletonList(BenchPolicy.DENIED_ORIGIN);
    }

    /** A same-origin GET: no Origin, nothing more read. */
    @Benchmark
    public ResponsePlan getWithoutOrigin() {
        return runtime.decide("GET", BenchPolicy.PATH, Collections.<String>emptyEnumeration(), null, null, null, null,
                null, null, null, null);
    }

    /** A GET from an allowed origin: with protection the advice also reads Upgrade (absent) and Host. */
    @Benchmark
    public ResponsePlan allowedGet() {
        return runtime.decide("GET", BenchPolicy.PATH, Collections.enumeration(allowedOriginLine), null, null, null,
                null, null, null, protecting ? HOST : null, protecting ? "https" : null);
    }

    /** A POST without Origin or Sec-Fetch-Site (curl, a backend). */
    @Benchmark
    public ResponsePlan postWithoutOrigin() {
        return runtime.decide("POST", BenchPolicy.PATH, Collections.<String>emptyEnumeration(), null, null, null,
                "application/json", null, null, protecting ? HOST : null, null);
    }

    /** A cross-site POST from an allowed origin: the protection check runs and passes. */
    @Benchmark
    public ResponsePlan allowedCrossSitePost() {
        return runtime.decide("POST", BenchPolicy.PATH, Collections.enumeration(allowedOriginLine), null, null, null,
                "application/json", protecting ? "cross-site" : null, null, protecting ? HOST : null, null);
    }
}
