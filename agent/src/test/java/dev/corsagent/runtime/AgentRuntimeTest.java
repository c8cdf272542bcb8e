package dev.corsagent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;

class AgentRuntimeTest {
    private static final String APP = "https://app.example.com";

    private static LoadResult config(String mode) {
        LoadResult result = ConfigLoader.parse("cors.mode = " + mode + "\n"
                + "cors.paths = /api/**\n"
                + "cors.allowed-origins = " + APP + "\n", "test.properties");
        assertTrue(result.isValid(), String.valueOf(result.errors()));
        return result;
    }

    private static Enumeration<String> headers(String... values) {
        return Collections.enumeration(Arrays.asList(values));
    }

    private static String header(ResponsePlan plan, String name) {
        for (int i = 0; i < plan.headerNames.length; i++) {
            if (plan.headerNames[i].equalsIgnoreCase(name)) {
                return plan.headerValues[i];
            }
        }
        return null;
    }

    @Test
    void addsNothingUntilAValidConfigurationWasLoaded() {
        AgentRuntime runtime = new AgentRuntime("test.properties");
        assertNull(runtime.decide("GET", "/api/x", headers(APP), null, null, null, null, null, null, null, null));
        LoadResult invalid = ConfigLoader.parse("cors.mode = sometimes\n", "test.properties");
        runtime.onLoad(invalid, true);
        assertNull(runtime.engine(), "fail closed");
        assertNull(runtime.decide("GET", "/api/x", headers(APP), null, null, null, null, null, null, null, null));
    }

    @Test
    void enforceReturnsTheEnginesPlan() {
        AgentRuntime runtime = new AgentRuntime("test.properties");
        runtime.onLoad(config("enforce"), true);
        ResponsePlan allowed = runtime.decide("GET", "/api/x", headers(APP), null, null, null, null, null, null, null, null);
        assertEquals(APP, header(allowed, "Access-Control-Allow-Origin"));
        ResponsePlan preflight = runtime.decide("OPTIONS", "/api/x", headers(APP), "GET", headers(), null, null, null, null, null, null);
        assertTrue(preflight.answerStatus == 200 || preflight.answerStatus == 204);
        ResponsePlan denied = runtime.decide("OPTIONS", "/api/x", headers("https://evil.example"), "GET", null, null, null, null, null, null, null);
        assertEquals(403, denied.answerStatus);
        ResponsePlan sameOrigin = runtime.decide("GET", "/api/x", headers(), null, null, null, null, null, null, null, null);
        assertNotNull(sameOrigin, "requests without Origin still get Vary: Origin on covered paths");
        assertSame(sameOrigin, runtime.decide("GET", "/api/y", null, null, null, null, null, null, null, null, null), "shared constant plan");
    }

    @Test
    void offAndReportOnlyLeaveResponsesAlone() {
        AgentRuntime runtime = new AgentRuntime("test.properties");
        runtime.onLoad(config("off"), true);
        assertNull(runtime.decide("GET", "/api/x", headers(APP), null, null, null, null, null, null, null, null));
        runtime.onLoad(config("report-only"), false);
        assertNull(runtime.decide("GET", "/api/x", headers(APP), null, null, null, null, null, null, null, null));
        assertNull(runtime.decide("OPTIONS", "/api/x", headers("https://evil.example"), "GET", null, null, null, null, null, null, null));
        assertNull(runtime.decide("GET", "/api/x", headers(), null, null, null, null, null, null, null, null));
    }

    @Test
    void anInvalidReloadKeepsTheLastGoodPolicy() {
        AgentRuntime runtime = new AgentRuntime("test.properties");
        runtime.onLoad(config("enforce"), true);
        runtime.onLoad(ConfigLoader.parse("cors.max-age = forever\n", "test.properties"), false);
        assertEquals(APP, header(runtime.decide("GET", "/api/x", headers(APP), null, null, null, null, null, null, null, null),
                "Access-Control-Allow-Origin"));
    }

    @Test
    void passesThePrivateNetworkRequestOn() {
        LoadResult result = ConfigLoader.parse("cors.allowed-origins = " + APP + "\n"
                + "cors.allow-private-network = true\n", "test.properties");
        AgentRuntime runtime = new AgentRuntime("test.properties");
        runtime.onLoad(result, true);
        ResponsePlan plan = runtime.decide("OPTIONS", "/x", headers(APP), "GET", null, " TRUE ", null, null, null, null, null);
        assertEquals("true", header(plan, "Access-Control-Allow-Private-Network"));
        assertNull(header(runtime.decide("OPTIONS", "/x", headers(APP), "GET", null, null, null, null, null, null, null),
                "Access-Control-Allow-Private-Network"));
    }

    @Test
    void readsAtMostOneHeaderLineMoreThanTheLimit() {
        List<String> many = new ArrayList<String>();
        for (int i = 0; i < 1000; i++) {
            many.add("h" + i);
        }
        assertEquals(AgentRuntime.MAX_HEADER_LINES + 1, AgentRuntime.list(Collections.enumeration(many)).size());
        assertEquals(Collections.emptyList(), AgentRuntime.list(null));
    }

    @Test
    void remembersDroppedHeaderPathsOnceAndBoundsTheMemory() {
        AgentRuntime runtime = new AgentRuntime("test.properties");
        runtime.appCorsHeaderDropped("/api/a", "Access-Control-Allow-Origin");
        runtime.appCorsHeaderDropped("/api/a", "Access-Control-Allow-Credentials");
        assertEquals(1, runtime.reportedPathCount());
        for (int i = 0; i < 5000; i++) {
            runtime.appCorsHeaderDropped("/api/" + i, "Access-Control-Allow-Origin");
        }
        assertEquals(AgentRuntime.MAX_DROPPED_PATHS, runtime.reportedPathCount());
    }

    @Test
    void rateLimitsFailureReports() {
        final long[] now = {1000};
        AgentRuntime runtime = new AgentRuntime("test.properties", new AgentRuntime.Clock() {
            @Override
            public long millis() {
                return now[0];
            }
        });
        runtime.failed("decide", new IllegalStateException("one"));
        runtime.failed("decide", new IllegalStateException("two"));
        runtime.failed("decide", new IllegalStateException("three"));
        assertEquals(2, runtime.suppressedFailureCount());
        now[0] += AgentRuntime.FAILURE_LOG_INTERVAL_MILLIS;
        runtime.failed("decide", new IllegalStateException("four"));
        assertEquals(0, runtime.suppressedFailureCount(), "reported, with the count of the suppressed ones");
    }

    @Test
    void theTestOnlyFaultHookThrowsOnItsPathOnlyAndIsOffByDefault() {
        AgentRuntime plain = new AgentRuntime("test.properties");
        plain.onLoad(config("enforce"), true);
        assertNotNull(plain.decide("GET", "/api/fail", headers(APP), null, null, null, null, null, null, null, null), "off by default");

        System.setProperty(AgentRuntime.FAIL_ON_PATH_PROPERTY, "/api/fail");
        AgentRuntime faulty;
        try {
            faulty = new AgentRuntime("test.properties");
        } finally {
            System.clearProperty(AgentRuntime.FAIL_ON_PATH_PROPERTY);
        }
        faulty.onLoad(config("enforce"), true);
        final AgentRuntime runtime = faulty;
        IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> runtime.decide("GET", "/api/fail", headers(APP), null, null, null, null, null, null, null, null));
        assertTrue(thrown.getMessage().contains("test-only"), thrown.getMessage());
        assertNotNull(runtime.decide("GET", "/api/other", headers(APP), null, null, null, null, null, null, null, null), "other paths work");
    }

    @Test
    void theBridgeTurnsAFailingDecisionIntoAnUntouchedRequest() {
        System.setProperty(AgentRuntime.FAIL_ON_PATH_PROPERTY, "/api/fail");
        AgentRuntime faulty;
        try {
            faulty = new AgentRuntime("test.properties");
        } finally {
            System.clearProperty(AgentRuntime.FAIL_ON_PATH_PROPERTY);
        }
        faulty.onLoad(config("enforce"), true);
        dev.corsagent.bridge.CorsBridge.install(faulty);
        try {
            for (int i = 0; i < 50; i++) {
                assertNull(dev.corsagent.bridge.CorsBridge.decide("GET", "/api/fail", headers(APP), null, null, null, null, null, null, null, null));
            }
            assertEquals(49, faulty.suppressedFailureCount(), "one report, the other 49 failures counted");
        } finally {
            dev.corsagent.bridge.CorsBridge.install(null);
        }
    }

    @Test
    void joinsRequestHeaderLinesAsTheEngineDoesFromTheList() {
        List<List<String>> cases = new ArrayList<List<String>>();
        cases.add(Collections.<String>emptyList());
        cases.add(Arrays.asList("a, b"));
        cases.add(Arrays.asList("", "a"));
        cases.add(Arrays.asList("a", "", "b"));
        cases.add(Arrays.asList(null, "a", null));
        cases.add(Arrays.asList((String) null));
        List<String> many = new ArrayList<String>();
        for (int i = 0; i < 100; i++) {
            many.add("h" + i);
        }
        cases.add(many);
        for (List<String> lines : cases) {
            String fromList = dev.corsagent.engine.CorsEngine.joinLines(
                    AgentRuntime.list(Collections.enumeration(lines)));
            assertEquals(fromList, AgentRuntime.joinLines(Collections.enumeration(lines)), String.valueOf(lines));
        }
        assertEquals("", AgentRuntime.joinLines(null));
    }

    @Test
    void theHotPathGivesTheSamePlanAsTheLoggedDecision() {
        AgentRuntime runtime = new AgentRuntime("test.properties");
        runtime.onLoad(config("enforce"), true);
        dev.corsagent.engine.CorsEngine engine = runtime.engine();
        ResponsePlan hot = runtime.decide("OPTIONS", "/api/x", headers(APP), "GET", headers("x-a", "X-B"), null, null, null, null, null, null);
        ResponsePlan logged = engine.decide(new dev.corsagent.engine.RequestFacts("OPTIONS", "/api/x",
                Arrays.asList(APP), "GET", Arrays.asList("x-a", "X-B"), false, null)).plan();
        assertEquals(logged.answerStatus, hot.answerStatus);
        assertEquals(Arrays.asList(logged.headerNames), Arrays.asList(hot.headerNames));
        assertEquals(Arrays.asList(logged.headerValues), Arrays.asList(hot.headerValues));
        assertEquals(logged.requestHeaders, hot.requestHeaders);
        assertSame(runtime.decide("GET", "/api/x", headers(APP), null, null, null, null, null, null, null, null),
                runtime.decide("GET", "/api/y", headers(APP), null, null, null, null, null, null, null, null), "a plan made at compile time");
    }

    // ---- cross-origin protection (SPEC rules 7, 8) -------------------------------------------

    private static AgentRuntime protecting(String mode, String protection) {
        LoadResult result = ConfigLoader.parse("cors.mode = " + mode + "\n"
                + "cors.policies = trial, api\n"
                + "cors.paths = /api/**\n"
                + "cors.allowed-origins = " + APP + "\n"
                + "cors.cross-origin-protection = " + protection + "\n"
                + "cors.policy.trial.paths = /api/trial/**\n"
                + "cors.policy.trial.cross-origin-protection = report-only\n", "test.properties");
        assertTrue(result.isValid(), String.valueOf(result.errors()));
        AgentRuntime runtime = new AgentRuntime("test.properties");
        runtime.onLoad(result, true);
        return runtime;
    }

    @Test
    void anEnforcingPolicyAnswersACrossSitePost403BeforeCors() {
        AgentRuntime runtime = protecting("enforce", "enforce");
        try {
            assertTrue(dev.corsagent.bridge.CorsBridge.readsFetchSite("POST"), "the advice now read Sec-Fetch-Site");
            assertTrue(!dev.corsagent.bridge.CorsBridge.readsFetchSite("GET"));
            ResponsePlan refused = runtime.decide("POST", "/api/x", headers("https://evil.example"), null, null, null,
                    "text/plain", "cross-site", null, "shop.example", null);
            assertEquals(403, refused.answerStatus);
            assertNull(header(refused, "Access-Control-Allow-Origin"));
            // without Origin, Sec-Fetch-Site alone decides
            assertEquals(403, runtime.decide("POST", "/api/x", null, null, null, null, null, "same-site", null,
                    "shop.example", null).answerStatus);
            // an allowed origin goes on to CORS
            ResponsePlan allowed = runtime.decide("POST", "/api/x", headers(APP), null, null, null, "text/plain",
                    "cross-site", null, "shop.example", null);
            assertEquals(0, allowed.answerStatus);
            assertEquals(APP, header(allowed, "Access-Control-Allow-Origin"));
            // a WebSocket handshake from elsewhere
            assertEquals(403, runtime.decide("GET", "/api/ws", headers("https://evil.example"), null, null, null, null,
                    null, "websocket", "shop.example", "https").answerStatus);
            // report-only policy: let through with the CORS plan
            assertEquals(0, runtime.decide("POST", "/api/trial/x", headers("https://evil.example"), null, null, null,
                    null, "cross-site", null, "shop.example", null).answerStatus);
        } finally {
            dev.corsagent.bridge.CorsBridge.protecting(false);
        }
    }

    @Test
    void reportOnlyModeNeverRefusesAndNoProtectingPolicyReadsNothingMore() {
        AgentRuntime reportOnly = protecting("report-only", "enforce");
        try {
            assertNull(reportOnly.decide("POST", "/api/x", headers("https://evil.example"), null, null, null, null,
                    "cross-site", null, "shop.example", null), "cors.mode = report-only changes no response");
        } finally {
            dev.corsagent.bridge.CorsBridge.protecting(false);
        }
        protecting("enforce", "off");
        // the trial policy still reports: the flag stays on
        assertTrue(dev.corsagent.bridge.CorsBridge.readsFetchSite("POST"));
        AgentRuntime none = new AgentRuntime("test.properties");
        none.onLoad(config("enforce"), true);
        assertTrue(!dev.corsagent.bridge.CorsBridge.readsFetchSite("POST"), "no policy protects: nothing more is read");
        assertTrue(!dev.corsagent.bridge.CorsBridge.readsUpgrade("GET"));
    }
}
