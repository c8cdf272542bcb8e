package dev.corsagent.bench;

import java.util.ArrayList;
import java.util.List;

import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;
import dev.corsagent.engine.CorsEngine;
import dev.corsagent.runtime.AgentRuntime;

/**
 * The one policy every benchmark uses, for the agent and for Tomcat's CorsFilter alike: N exact
 * origins (the allowed request uses the last one) plus, for the agent only, a subdomain pattern
 * (CorsFilter has no patterns).
 */
final class BenchPolicy {
    static final String PATH = "/shop/api/items";
    /** Covered by neither of the policy's two path patterns (those of scripts/bench/common.sh). */
    static final String UNCOVERED_PATH = "/shop/public/hello";
    static final String DENIED_ORIGIN = "https://evil.example";
    static final String SUBDOMAIN_ORIGIN = "https://a.b.trusted.example";
    static final String METHODS = "GET,POST,PUT,DELETE";
    static final String HEADERS = "Authorization,Content-Type,X-Requested-With";
    static final String EXPOSED = "X-Request-Id";

    private BenchPolicy() {
    }

    static List<String> exactOrigins(int count) {
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            origins.add("https://app" + i + ".example.com");
        }
        return origins;
    }

    static String allowedOrigin(int count) {
        return "https://app" + (count - 1) + ".example.com";
    }

    static String properties(int exactOrigins) {
        return "cors.mode = enforce\n"
                + "cors.paths = /shop/api/**, /shop/secure/**\n"
                + "cors.allowed-origins = " + String.join(", ", exactOrigins(exactOrigins))
                + ", https://*.trusted.example\n"
                + "cors.allowed-methods = " + METHODS + "\n"
                + "cors.allowed-headers = " + HEADERS + "\n"
                + "cors.exposed-headers = " + EXPOSED + "\n"
                + "cors.allow-credentials = true\n"
                + "cors.max-age = 600\n";
    }

    static CorsEngine engine(int exactOrigins) {
        LoadResult result = ConfigLoader.parse(properties(exactOrigins), "bench");
        if (!result.isValid()) {
            throw new IllegalStateException("bench policy invalid: " + result.errors());
        }
        return CorsEngine.compile(result.config());
    }

    /** The agent's request handler with the policy loaded, as the agent installs it. */
    static AgentRuntime runtime(int exactOrigins) {
        return runtime(properties(exactOrigins));
    }

    /** The same policy with cross-origin protection enforced. */
    static AgentRuntime protectingRuntime(int exactOrigins) {
        return runtime(properties(exactOrigins) + "cors.cross-origin-protection = enforce\n");
    }

    private static AgentRuntime runtime(String properties) {
        AgentRuntime runtime = new AgentRuntime("bench");
        runtime.onLoad(ConfigLoader.parse(properties, "bench"), true);
        if (runtime.engine() == null) {
            throw new IllegalStateException("bench policy not loaded");
        }
        return runtime;
    }
}
