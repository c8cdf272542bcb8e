package dev.corsagent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.Enumeration;

import org.junit.jupiter.api.Test;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;
import dev.corsagent.engine.CorsEngine;

/**
 * What the hot request path allocates, measured with the JVM's per-thread allocation counter after
 * warm-up: a request without Origin (engine and the agent's request handler) and an allowed actual
 * request from an exact origin allocate nothing at all, with 1 or 1,000 exact origins.
 */
class RequestPathAllocationTest {
    private static final int ROUNDS = 200000;

    private interface Work {
        Object run();
    }

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }

    /** Bytes allocated per call, after a warm-up long enough for the JIT. */
    private static double bytesPerCall(Work work) {
        com.sun.management.ThreadMXBean threads = threads();
        long thread = Thread.currentThread().getId();
        Object sink = null;
        for (int i = 0; i < ROUNDS; i++) {
            sink = work.run();
        }
        assertNotNull(sink);
        long overhead = threads.getThreadAllocatedBytes(thread);
        overhead = threads.getThreadAllocatedBytes(thread) - overhead;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < ROUNDS; i++) {
            sink = work.run();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before - overhead;
        assertNotNull(sink);
        return (double) allocated / ROUNDS;
    }

    private static String properties(int exactOrigins) {
        StringBuilder origins = new StringBuilder();
        for (int i = 0; i < exactOrigins; i++) {
            origins.append(i == 0 ? "" : ", ").append("https://app").append(i).append(".example.com");
        }
        return "cors.paths = /shop/api/**\n"
                + "cors.allowed-origins = " + origins + ", https://*.trusted.example\n"
                + "cors.allowed-methods = GET, POST, PUT\n"
                + "cors.allowed-headers = Content-Type, Authorization\n"
                + "cors.exposed-headers = X-Request-Id\n"
                + "cors.allow-credentials = true\n"
                + "cors.max-age = 600\n";
    }

    @Test
    void aRequestWithoutOriginAllocatesNothing() {
        for (int exactOrigins : new int[] {1, 1000}) {
            LoadResult result = ConfigLoader.parse(properties(exactOrigins), "test.properties");
            assertTrue(result.isValid(), String.valueOf(result.errors()));
            final CorsEngine engine = CorsEngine.compile(result.config());
            final AgentRuntime runtime = new AgentRuntime("test.properties");
            runtime.onLoad(result, true);
            final Enumeration<String> none = Collections.emptyEnumeration();

            assertEquals(0.0, bytesPerCall(() -> engine.planWithoutOrigin("GET", "/shop/api/items")), 0.01);
            assertEquals(0.0, bytesPerCall(() -> engine.planWithoutOrigin("GET", "/elsewhere")), 0.01);
            assertEquals(0.0, bytesPerCall(() -> runtime.decide("GET", "/shop/api/items", none, null, none, null,
                    null, null, null, null, null)), 0.01);
            assertEquals(0.0, bytesPerCall(() -> runtime.decide("POST", "/shop/api/items", null, null, null, null,
                    "application/json", null, null, null, null)), 0.01);
            CorsBridge.install(runtime);
            try {
                assertEquals(0.0, bytesPerCall(() -> CorsBridge.decideWithoutOrigin("GET", "/shop/api/items")), 0.01);
            } finally {
                CorsBridge.install(null);
            }
        }
    }

    /**
     * Issue 16: with cross-origin protection on, GET/HEAD/OPTIONS and requests without Origin or
     * Sec-Fetch-Site still allocate nothing, and neither does an allowed GET from an exact origin.
     */
    @Test
    void crossOriginProtectionCostsNoAllocationOnSafeRequestsAndWithoutOrigin() {
        LoadResult result = ConfigLoader.parse(properties(1000) + "cors.cross-origin-protection = enforce\n",
                "test.properties");
        assertTrue(result.isValid(), String.valueOf(result.errors()));
        final AgentRuntime runtime = new AgentRuntime("test.properties");
        runtime.onLoad(result, true);
        final String origin = "https://app999.example.com";
        assertEquals(0.0, bytesPerCall(() -> runtime.decide("GET", "/shop/api/items", null, null, null, null,
                null, null, null, null, null)), 0.01);
        assertEquals(0.0, bytesPerCall(() -> runtime.decide("POST", "/shop/api/items", null, null, null, null,
                null, null, null, "shop.example", null)), 0.01);
        // an allowed GET with Origin: what the enumeration costs, and nothing more than without protection
        LoadResult unprotected = ConfigLoader.parse(properties(1000), "test.properties");
        final AgentRuntime plain = new AgentRuntime("test.properties");
        plain.onLoad(unprotected, true);
        double without = bytesPerCall(() -> plain.decide("GET", "/shop/api/items",
                Collections.enumeration(Collections.singletonList(origin)), null, null, null, null, null, null, null,
                null));
        runtime.onLoad(result, false);
        double with = bytesPerCall(() -> runtime.decide("GET", "/shop/api/items",
                Collections.enumeration(Collections.singletonList(origin)), null, null, null, null, null, null,
                "shop.example", "https"));
        assertEquals(without, with, 0.01);
        CorsBridge.protecting(false);
    }

    @Test
    void anAllowedActualRequestFromAnExactOriginAllocatesNothing() {
        for (int exactOrigins : new int[] {1, 1000}) {
            LoadResult result = ConfigLoader.parse(properties(exactOrigins), "test.properties");
            final CorsEngine engine = CorsEngine.compile(result.config());
            final String origin = "https://app" + (exactOrigins - 1) + ".example.com";
            ResponsePlan plan = engine.plan("GET", "/shop/api/items", origin, null, null, false, null);
            assertEquals(origin, plan.headerValues[0]);
            assertEquals(0.0, bytesPerCall(() -> engine.plan("GET", "/shop/api/items", origin, null, "", false,
                    null)), 0.01);
            assertEquals(0.0, bytesPerCall(() -> engine.plan("POST", "/shop/api/items", origin, null, null, false,
                    "application/json")), 0.01);
        }
    }
}
