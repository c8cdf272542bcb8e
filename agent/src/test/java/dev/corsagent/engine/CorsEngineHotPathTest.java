package dev.corsagent.engine;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;

/**
 * The engine on a grid of policies and requests: every combination decided as the SPEC says
 * ({@link CorsContract}), through {@link CorsEngine#decide} and the hot {@link CorsEngine#plan}
 * alike; and the hot path's own promises (plans made at compile time, lines echoed as they are).
 */
class CorsEngineHotPathTest {
    private static final List<String> POLICIES = Arrays.asList(
            "cors.paths = /api/**\n"
                    + "cors.allowed-origins = https://app.example.com, http://localhost:8080, https://*.trusted.example\n"
                    + "cors.allowed-methods = GET, POST, PUT\n"
                    + "cors.allowed-headers = Content-Type, X-Token\n"
                    + "cors.exposed-headers = X-Request-Id\n"
                    + "cors.allow-credentials = true\n"
                    + "cors.max-age = 600\n",
            "cors.allowed-origins = *\n"
                    + "cors.allowed-methods = *\n"
                    + "cors.allowed-headers = *\n"
                    + "cors.timing-allow-origin = *\n"
                    + "cors.preflight-status = 200\n",
            "cors.allowed-origins = *, https://app.example.com\n"
                    + "cors.exposed-headers = X-Request-Id, X-Total\n",
            "cors.allowed-origins = https://app.example.com, null, http://[2001:db8::1]:8080\n"
                    + "cors.allowed-methods = *\n"
                    + "cors.allowed-headers = *, Authorization\n"
                    + "cors.allow-credentials = true\n"
                    + "cors.allow-private-network = true\n"
                    + "cors.timing-allow-origin = https://app.example.com, https://rum.example\n",
            "cors.policies = a, b\n"
                    + "cors.policy.a.paths = /api/**\n"
                    + "cors.policy.a.allowed-origins = https://app.example.com\n"
                    + "cors.policy.b.paths = /other/*\n"
                    + "cors.policy.b.allowed-origins = *\n"
                    + "cors.policy.b.allowed-headers = x-token\n");

    private static final List<String> METHODS = Arrays.asList("GET", "HEAD", "POST", "PUT", "OPTIONS", "DELETE", "");
    private static final List<String> PATHS = Arrays.asList("/api/items", "/other/x", "/", "");
    private static final List<List<String>> ORIGINS = Arrays.asList(
            Collections.<String>emptyList(),
            Collections.singletonList("https://app.example.com"),
            Collections.singletonList("http://localhost:8080"),
            Collections.singletonList("https://a.trusted.example"),
            Collections.singletonList("https://evil.example"),
            Collections.singletonList("null"),
            Collections.singletonList("http://[2001:db8::1]:8080"),
            Collections.singletonList("https://app.example.com/"),
            Collections.singletonList("HTTPS://app.example.com"),
            Arrays.asList("https://app.example.com", "https://app.example.com"));
    private static final List<String> REQUEST_METHODS = Arrays.asList(null, "", "GET", "PUT", "put", "PATCH",
            "TRACE", "connect", "G T");
    private static final List<List<String>> REQUEST_HEADERS = Arrays.asList(
            Collections.<String>emptyList(),
            Collections.singletonList(""),
            Collections.singletonList("content-type"),
            Collections.singletonList("content-type, x-token"),
            Collections.singletonList("content-type,x-token"),
            Collections.singletonList("X-Token, content-type, x-token"),
            Collections.singletonList(" content-type ,\tx-token ,"),
            Collections.singletonList("authorization"),
            Collections.singletonList("x-evil"),
            Collections.singletonList("x-token, bad name"),
            Arrays.asList("content-type", "x-token"),
            Arrays.asList("content-type", null, "", "X-TOKEN"),
            Collections.nCopies(65, "x-token"),
            Collections.singletonList(repeat(",", 16)),
            Collections.singletonList("x-token" + repeat(",", 16)),
            Collections.singletonList(String.join(",", Collections.nCopies(70, "content-type"))));
    private static final List<String> CONTENT_TYPES = Arrays.asList(null, "", "text/plain", " TEXT/Plain ; charset=x",
            "application/json", "multipart/form-data;boundary=1", "application/x-www-form-urlencoded");

    @Test
    void everyRequestOfTheGridIsDecidedAsTheSpecSays() {
        int compared = 0;
        for (String properties : POLICIES) {
            LoadResult result = ConfigLoader.parse(properties, "grid.properties");
            assertTrue(result.isValid(), properties + result.errors());
            AgentConfig config = result.config();
            CorsEngine engine = CorsEngine.compile(config);
            for (String method : METHODS) {
                for (String path : PATHS) {
                    for (List<String> origins : ORIGINS) {
                        for (String requestMethod : REQUEST_METHODS) {
                            for (List<String> lines : REQUEST_HEADERS) {
                                for (boolean privateNetwork : new boolean[] {false, true}) {
                                    for (String contentType : CONTENT_TYPES) {
                                        RequestFacts facts = new RequestFacts(method, path, origins, requestMethod,
                                                lines, privateNetwork, contentType);
                                        CorsContract.check(config, engine, facts, context(properties, facts));
                                        compared++;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(compared > 100000, "compared " + compared);
    }

    private static String context(String properties, RequestFacts facts) {
        return properties + "request: " + facts.method() + " " + facts.path() + " " + facts.origins() + " "
                + facts.requestMethod() + " " + facts.requestHeaderLines() + " " + facts.privateNetworkRequested()
                + " " + facts.contentType();
    }

    @Test
    void anAllowedRequestFromAnExactOriginGetsAPlanMadeAtCompileTime() {
        LoadResult result = ConfigLoader.parse(POLICIES.get(0), "grid.properties");
        CorsEngine engine = CorsEngine.compile(result.config());
        ResponsePlan first = engine.plan("GET", "/api/items", "https://app.example.com", null, null, false, null);
        assertSame(first, engine.plan("HEAD", "/api/other", new String("https://app.example.com"), null, null, false,
                null));
        ResponsePlan put = engine.plan("PUT", "/api/items", "https://app.example.com", null, null, false, null);
        assertSame(put, engine.plan("DELETE", "/api/items", "https://app.example.com", null, null, false, null));
        assertTrue(first != put, "simple and actual differ in cors.request.type");
    }

    @Test
    void anAlreadyCanonicalHeaderListIsEchoedAsItIs() {
        LoadResult result = ConfigLoader.parse(POLICIES.get(0), "grid.properties");
        CorsEngine engine = CorsEngine.compile(result.config());
        String line = "content-type, x-token";
        ResponsePlan plan = engine.plan("OPTIONS", "/api/items", "https://app.example.com", "PUT", line, false, null);
        for (int i = 0; i < plan.headerNames.length; i++) {
            if (plan.headerNames[i].equals("Access-Control-Allow-Headers")) {
                assertSame(line, plan.headerValues[i]);
                return;
            }
        }
        throw new AssertionError("no Access-Control-Allow-Headers");
    }

    @Test
    void theLiteralPrefixShortcutCoversExactlyThePathsThePatternMatches() {
        List<String> patterns = Arrays.asList("/**", "/api/**", "/shop/api/**", "/api//**", "//**", "/api/*/x/**",
                "/api/**/x", "/a.b/**", "/api");
        List<String> paths = Arrays.asList("", "/", "//", "/api", "/api/", "/api//", "/apix", "/api/x", "//api/x",
                "/api//x", "/shop/api", "/shop/api/items", "/shop/apix", "/shop//api/x", "api", "/a.b/c", "/a/b",
                "/API/x", "/api/v/x", "/api/v/x/y", "/shop/public/hello", "/x/api/y", "/apix/", "api/x", "/api/x//y",
                "shop/api/x", "/shop/api/", "/shop", "/shop/");
        for (String pattern : patterns) {
            LoadResult result = ConfigLoader.parse("cors.paths = " + pattern + "\ncors.allowed-origins = *\n", "p");
            assertTrue(result.isValid(), pattern + result.errors());
            CompiledPolicy policy = new CompiledPolicy(result.config().policies().get(0), new PolicyCounters());
            dev.corsagent.config.PathPattern compiled = dev.corsagent.config.PathPattern.compile(pattern);
            for (String path : paths) {
                org.junit.jupiter.api.Assertions.assertEquals(compiled.matches(path), policy.coversPath(path),
                        pattern + " on " + path);
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals("/shop/api", CompiledPolicy.literalPrefix("/shop/api/**"));
        org.junit.jupiter.api.Assertions.assertEquals("", CompiledPolicy.literalPrefix("/**"));
        org.junit.jupiter.api.Assertions.assertNull(CompiledPolicy.literalPrefix("/api/*/x/**"));
    }

    private static String repeat(String text, int times) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < times; i++) {
            out.append(text);
        }
        return out.toString();
    }
}
