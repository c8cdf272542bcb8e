package dev.corsagent.bench;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletContext;

import org.apache.catalina.filters.CorsFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.advice.JavaxFilterChainAdvice;

/**
 * The same five requests through the agent and through Tomcat's {@code CorsFilter}, with the same
 * policy, on the same {@link MinimalHttp} objects. The agent's side is what its servlet advice
 * does on a request: read the headers, decide, set the {@code cors.*} attributes and write the plan
 * (advice enter), then check and re-write it after the chain (advice exit), both called as the
 * plain static methods they are. Tomcat's side is {@code CorsFilter.doFilter}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterComparisonBenchmark {

    /** noOrigin, allowedActual, deniedActual, allowedPreflight, deniedPreflight */
    @Param({"noOrigin", "allowedActual", "deniedActual", "allowedPreflight", "deniedPreflight"})
    public String request;

    @Param({"1", "1000"})
    public int exactOrigins;

    private MinimalHttp.Request servletRequest;
    private final MinimalHttp.Response servletResponse = new MinimalHttp.Response();
    private CorsFilter corsFilter;
    private final FilterChain chain = (req, res) -> { };

    @Setup
    public void setUp() throws Exception {
        CorsBridge.install(BenchPolicy.runtime(exactOrigins));
        corsFilter = new CorsFilter();
        corsFilter.init(filterConfig(exactOrigins));
        servletRequest = request(request, BenchPolicy.allowedOrigin(exactOrigins));
        checkBothAgree();
    }

    static MinimalHttp.Request request(String kind, String allowedOrigin) {
        boolean preflight = kind.endsWith("Preflight");
        MinimalHttp.Request request = new MinimalHttp.Request(preflight ? "OPTIONS" : "GET", "/shop", "/api/items");
        if (!kind.equals("noOrigin")) {
            request.header("Origin", kind.startsWith("allowed") ? allowedOrigin : BenchPolicy.DENIED_ORIGIN);
        }
        if (preflight) {
            request.header("Access-Control-Request-Method", "PUT");
            request.header("Access-Control-Request-Headers", "content-type,authorization");
        }
        return request;
    }

    private static FilterConfig filterConfig(int exactOrigins) {
        Map<String, String> params = new HashMap<>();
        params.put("cors.allowed.origins", String.join(",", BenchPolicy.exactOrigins(exactOrigins)));
        params.put("cors.allowed.methods", BenchPolicy.METHODS);
        params.put("cors.allowed.headers", BenchPolicy.HEADERS);
        params.put("cors.exposed.headers", BenchPolicy.EXPOSED);
        params.put("cors.support.credentials", "true");
        params.put("cors.preflight.maxage", "600");
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "cors";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        };
    }

    /** A benchmark of two sides that answer differently would compare nothing: check once. */
    private void checkBothAgree() throws Exception {
        agent();
        Map<String, List<String>> ours = new HashMap<>(servletResponse.headers());
        int ourStatus = servletResponse.getStatus();
        tomcat();
        Map<String, List<String>> theirs = new HashMap<>(servletResponse.headers());
        int theirStatus = servletResponse.getStatus();
        boolean allowed = request.startsWith("allowed");
        if (allowed != ours.containsKey("Access-Control-Allow-Origin")
                || allowed != theirs.containsKey("Access-Control-Allow-Origin")
                || (request.equals("deniedPreflight") && (ourStatus != 403 || theirStatus != 403))) {
            throw new IllegalStateException(request + ": agent " + ourStatus + " " + ours + " vs CorsFilter "
                    + theirStatus + " " + theirs);
        }
    }

    @Benchmark
    public Object agent() {
        servletRequest.startOver();
        servletResponse.startOver();
        // true would skip the chain (and makes the exit advice return at once, as inlined); the chain
        // does nothing here, as for CorsFilter below
        boolean answered = JavaxFilterChainAdvice.enter(servletRequest, servletResponse, null);
        Object plan = servletRequest.getAttribute(CorsBridge.PLAN_ATTRIBUTE);
        JavaxFilterChainAdvice.exit(servletRequest, servletResponse, answered,
                plan instanceof ResponsePlan ? (ResponsePlan) plan : null);
        return servletResponse;
    }

    /**
     * The floor for a request without Origin: only the servlet calls the contract makes any
     * implementation do there, no decision at all. Finding the outermost call (a marker attribute),
     * the Origin header, the path (which policy covers it: an any-origin policy answers {@code *}
     * even without Origin), the {@code cors.*} attributes (SPEC rule 6), {@code Vary: Origin} merged
     * with the app's (rule 3), and after the chain: still uncommitted, the app's own
     * {@code Access-Control-*} headers dropped (rule 4), {@code Vary} still there. What this costs
     * against {@link #tomcat()} bounds how close to half of CorsFilter's time the agent can get.
     */
    @Benchmark
    public Object contractFloorWithoutOrigin() {
        servletRequest.startOver();
        servletResponse.startOver();
        MinimalHttp.Request request = servletRequest;
        MinimalHttp.Response response = servletResponse;
        if (request.getAttribute(CorsBridge.PLAN_ATTRIBUTE) == null && request.getHeader("Origin") == null) {
            request.setAttribute(CorsBridge.PLAN_ATTRIBUTE, Boolean.TRUE);
            String path = request.getServletPath() + request.getPathInfo();
            request.setAttribute("cors.isCorsRequest", path.isEmpty() ? null : Boolean.FALSE);
            request.setAttribute("cors.request.type", "NOT_CORS");
            if (response.getHeader("Vary") == null) {
                response.setHeader("Vary", "Origin");
            }
            // the chain runs here
            if (!response.isCommitted()) {
                for (String name : response.getHeaderNames()) {
                    if (name.startsWith("Access-Control-")) {
                        response.setHeader(name, null);
                    }
                }
                if (response.getHeader("Vary") == null) {
                    response.setHeader("Vary", "Origin");
                }
            }
        }
        return response;
    }

    @Benchmark
    public Object tomcat() throws Exception {
        servletRequest.startOver();
        servletResponse.startOver();
        corsFilter.doFilter(servletRequest, servletResponse, chain);
        return servletResponse;
    }

}
