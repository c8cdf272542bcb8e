package dev.corsagent.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reason sentence of every verdict, word for word: what the debug log, report-only and the
 * {@code check} command show. Rendered lazily from the verdict, so each one is pinned here.
 */
class DecisionReasonTest {
    private static final String APP = "https://app.example.com";
    private static final CorsEngine ENGINE = CorsEngineTest.engine("cors.policies = api, open, bare\n"
            + "cors.policy.api.paths = /api/**\n"
            + "cors.policy.api.allowed-origins = https://app.example.com, https://*.example.org, null\n"
            + "cors.policy.api.allowed-methods = GET, PUT\n"
            + "cors.policy.api.allowed-headers = X-Token, Content-Type\n"
            + "cors.policy.api.allow-credentials = true\n"
            + "cors.policy.open.paths = /open/**\n"
            + "cors.policy.open.allowed-origins = *\n"
            + "cors.policy.open.allowed-headers = *\n"
            + "cors.policy.bare.paths = /bare/**\n"
            + "cors.policy.bare.allowed-origins = https://app.example.com\n");
    private static final String REFUSED = "; answered 403 without Access-Control-* headers";

    @Test
    void passedThrough() {
        assertReason("GET /web from https://app.example.com: passed through: no policy covers the path;"
                + " only Vary: Origin is added", request("GET", "/web", APP));
        assertReason("GET /web without Origin: passed through: no policy covers the path; only Vary: Origin is"
                + " added", request("GET", "/web", null));
        assertReason("GET /api/x without Origin: passed through by policy 'api': not a CORS request (no Origin);"
                + " only Vary: Origin is added", request("GET", "/api/x", null));
        assertReason("GET /open/x without Origin: passed through by policy 'open': not a CORS request; an"
                + " any-origin policy without credentials sends Access-Control-Allow-Origin: * on every response",
                request("GET", "/open/x", null));
    }

    @Test
    void invalid() {
        assertReason("GET /api/x with 2 Origin headers: denied by policy 'api': the request has 2 Origin headers;"
                + " a request carries exactly one; no Access-Control-* header",
                new RequestFacts("GET", "/api/x", Arrays.asList(APP, APP), null, null));
        assertReason("OPTIONS /api/x from https://app.example.com/: denied by policy 'api': the Origin is not a"
                + " well-formed serialized origin (lower-case scheme://host[:port], no default port, path or"
                + " trailing slash); preflight answered 403", preflight("/api/x", APP + "/", "PUT"));
        assertReason("OPTIONS /api/x from https://app.example.com: denied by policy 'api':"
                + " Access-Control-Request-Method is empty; no Access-Control-* header", preflight("/api/x", APP, ""));
    }

    @Test
    void refusedByOrigin() {
        assertReason("GET /api/x from https://evil.example: denied by policy 'api': the origin is not in"
                + " allowed-origins; no Access-Control-* header, the browser withholds the response",
                request("GET", "/api/x", "https://evil.example"));
        assertReason("preflight for PUT /api/x from https://evil.example: denied by policy 'api': the origin is"
                + " not in allowed-origins" + REFUSED, preflight("/api/x", "https://evil.example", "PUT"));
    }

    @Test
    void refusedByMethod() {
        assertReason("preflight for G T /api/x from https://app.example.com: denied by policy 'api':"
                + " Access-Control-Request-Method is not a method name" + REFUSED, preflight("/api/x", APP, "G T"));
        assertReason("preflight for trace /api/x from https://app.example.com: denied by policy 'api': method trace"
                + " is forbidden cross-origin" + REFUSED, preflight("/api/x", APP, "trace"));
        assertReason("preflight for DELETE /api/x from https://app.example.com: denied by policy 'api': method"
                + " DELETE is not in allowed-methods (GET, PUT)" + REFUSED, preflight("/api/x", APP, "DELETE"));
    }

    @Test
    void refusedByHeaders() {
        List<String> many = Collections.nCopies(65, "x-token");
        assertReason("preflight for PUT /api/x from https://app.example.com (headers: " + String.join(", ", many)
                        + "): denied by policy 'api': the preflight asks for more than 64 header names" + REFUSED,
                preflight("/api/x", APP, "PUT", many.toArray(new String[0])));
        assertReason("preflight for PUT /api/x from https://app.example.com (headers: x-token, bad name): denied by"
                + " policy 'api': requested header 'bad name' is not a header name" + REFUSED,
                preflight("/api/x", APP, "PUT", "x-token, bad name"));
        assertReason("preflight for PUT /api/x from https://app.example.com (headers: x-token, X-Evil): denied by"
                + " policy 'api': requested header 'x-evil' is not in allowed-headers (X-Token, Content-Type)"
                + REFUSED, preflight("/api/x", APP, "PUT", "x-token, X-Evil"));
        assertReason("preflight for GET /bare/x from https://app.example.com (headers: x-token): denied by policy"
                + " 'bare': requested header 'x-token' is not in allowed-headers (none)" + REFUSED,
                preflight("/bare/x", APP, "GET", "x-token"));
        assertReason("preflight for POST /open/x from https://app.example.com (headers: Authorization): denied by"
                + " policy 'open': requested header 'authorization' must be listed by name; allowed-headers = *"
                + " does not cover it" + REFUSED, preflight("/open/x", APP, "POST", "Authorization"));
        assertReason("preflight for PUT /api/x from https://app.example.com: denied by policy 'api': the preflight"
                + " asks for private network access and allow-private-network is false" + REFUSED,
                new RequestFacts("OPTIONS", "/api/x", Collections.singletonList(APP), "PUT", null, true));
    }

    @Test
    void allowed() {
        assertReason("preflight for PUT /api/x from https://app.example.com (headers: Content-Type, x-token):"
                + " allowed by policy 'api': allowed-origins lists https://app.example.com, method PUT is allowed,"
                + " every requested header is allowed", preflight("/api/x", APP, "PUT", "Content-Type, x-token"));
        assertReason("preflight for GET /api/x from https://a.example.org: allowed by policy 'api': allowed-origins"
                + " pattern https://*.example.org matches, method GET is allowed, no headers requested",
                preflight("/api/x", "https://a.example.org", "GET"));
        assertReason("preflight for GET /api/x from https://app.example.com (headers: ,  ): allowed by policy 'api':"
                + " allowed-origins lists https://app.example.com, method GET is allowed, no headers requested",
                preflight("/api/x", APP, "GET", "", " "));
        assertReason("GET /api/x from null: allowed by policy 'api': allowed-origins lists null",
                request("GET", "/api/x", "null"));
        assertReason("PUT /open/x from https://app.example.com: allowed by policy 'open': allowed-origins is *",
                request("PUT", "/open/x", APP));
    }

    private static RequestFacts request(String method, String path, String origin) {
        return new RequestFacts(method, path, origin == null ? null : Collections.singletonList(origin), null, null);
    }

    private static RequestFacts preflight(String path, String origin, String method, String... headerLines) {
        return new RequestFacts("OPTIONS", path, Collections.singletonList(origin), method,
                Arrays.asList(headerLines));
    }

    private static void assertReason(String expected, RequestFacts facts) {
        Decision decision = ENGINE.decide(facts);
        assertEquals(expected, decision.reason());
        assertEquals(expected, decision.toString());
    }
}
