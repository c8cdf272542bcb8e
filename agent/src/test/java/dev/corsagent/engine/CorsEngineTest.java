package dev.corsagent.engine;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorsEngineTest {
    private static final String APP = "https://app.example.com";
    private static final String EVIL = "https://evil.example";
    private static final String VARY_PREFLIGHT = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    private static final String API = "cors.paths = /api/**\n"
            + "cors.allowed-origins = https://app.example.com, https://*.app.example.org\n"
            + "cors.allowed-methods = GET, POST, PUT\n"
            + "cors.allowed-headers = X-Token, Content-Type\n";

    static CorsEngine engine(String properties) {
        LoadResult result = ConfigLoader.parse(properties, "test.properties");
        assertTrue(result.isValid(), result.errors().toString());
        return CorsEngine.compile(result.config());
    }

    static Decision preflight(CorsEngine engine, String path, String origin, String method, String... headerLines) {
        return engine.decide(new RequestFacts("OPTIONS", path, Collections.singletonList(origin), method,
                Arrays.asList(headerLines)));
    }

    static Decision actual(CorsEngine engine, String method, String path, String origin) {
        return engine.decide(new RequestFacts(method, path,
                origin == null ? null : Collections.singletonList(origin), null, null));
    }

    static String header(ResponsePlan plan, String name) {
        String found = null;
        for (int i = 0; i < plan.headerNames.length; i++) {
            if (plan.headerNames[i].equalsIgnoreCase(name)) {
                assertNull(found, "header " + name + " twice");
                found = plan.headerValues[i];
            }
        }
        return found;
    }

    static void assertNoCorsHeaders(ResponsePlan plan) {
        for (String name : plan.headerNames) {
            assertFalse(name.regionMatches(true, 0, "Access-Control-", 0, 15), "unexpected " + name);
        }
    }

    // ---- 1. preflight ----------------------------------------------------------------------------

    @Test
    void allowedPreflightIsAnsweredWithEveryHeader() {
        CorsEngine engine = engine(API + "cors.allow-credentials = true\ncors.max-age = 600\n");
        Decision decision = preflight(engine, "/api/orders", APP, "PUT", "x-token,content-type");
        ResponsePlan plan = decision.plan();
        assertEquals(Outcome.ALLOWED, decision.outcome());
        assertEquals(RequestType.PRE_FLIGHT, decision.requestType());
        assertEquals(204, plan.answerStatus);
        assertEquals(APP, header(plan, "Access-Control-Allow-Origin"));
        assertEquals("true", header(plan, "Access-Control-Allow-Credentials"));
        assertEquals("GET, POST, PUT", header(plan, "Access-Control-Allow-Methods"));
        assertEquals("x-token, content-type", header(plan, "Access-Control-Allow-Headers"));
        assertEquals("600", header(plan, "Access-Control-Max-Age"));
        assertNull(header(plan, "Access-Control-Allow-Private-Network"));
        assertEquals(VARY_PREFLIGHT, plan.vary);
        assertTrue(plan.ownsCorsHeaders);
        assertEquals(Boolean.TRUE, plan.isCorsRequest);
        assertEquals(APP, plan.origin);
        assertEquals("pre_flight", plan.requestType);
        assertEquals("x-token,content-type", plan.requestHeaders);
    }

    @Test
    void preflightStatusAndOptionalHeadersFollowTheConfig() {
        CorsEngine engine = engine(API + "cors.preflight-status = 200\n");
        ResponsePlan plan = preflight(engine, "/api/orders", APP, "GET").plan();
        assertEquals(200, plan.answerStatus);
        assertNull(header(plan, "Access-Control-Allow-Credentials"));
        assertNull(header(plan, "Access-Control-Max-Age"));
        assertNull(header(plan, "Access-Control-Allow-Headers"));
        assertEquals("", plan.requestHeaders);
    }

    @Test
    void anyOriginPreflightWithoutCredentialsAnswersStar() {
        CorsEngine engine = engine("cors.allowed-origins = *\n");
        ResponsePlan plan = preflight(engine, "/x", EVIL, "POST").plan();
        assertEquals(204, plan.answerStatus);
        assertEquals("*", header(plan, "Access-Control-Allow-Origin"));
    }

    @Test
    void preflightFromAnOtherOriginIsDenied() {
        Decision decision = preflight(engine(API), "/api/orders", EVIL, "GET");
        assertEquals(Outcome.DENIED, decision.outcome());
        assertEquals(403, decision.plan().answerStatus);
        assertNoCorsHeaders(decision.plan());
        assertTrue(decision.plan().ownsCorsHeaders);
        assertTrue(decision.reason().contains("not in allowed-origins"), decision.reason());
    }

    @Test
    void preflightForAnUnlistedMethodIsDenied() {
        CorsEngine engine = engine(API);
        Decision decision = preflight(engine, "/api/orders", APP, "DELETE");
        assertEquals(403, decision.plan().answerStatus);
        assertNoCorsHeaders(decision.plan());
        assertTrue(decision.reason().contains("method DELETE is not in allowed-methods"), decision.reason());
        // methods are case-sensitive
        assertEquals(403, preflight(engine, "/api/orders", APP, "put").plan().answerStatus);
        assertEquals(204, preflight(engine, "/api/orders", APP, "PUT").plan().answerStatus);
    }

    @Test
    void oneUnlistedHeaderDeniesTheWholePreflight() {
        Decision decision = preflight(engine(API), "/api/orders", APP, "PUT", "x-token, x-evil, content-type");
        assertEquals(Outcome.DENIED, decision.outcome());
        assertEquals(403, decision.plan().answerStatus);
        assertNoCorsHeaders(decision.plan());
        assertTrue(decision.reason().contains("'x-evil'"), decision.reason());
    }

    @Test
    void requestedHeadersComeInSeveralLinesAndAnyCase() {
        CorsEngine engine = engine(API);
        Decision decision = preflight(engine, "/api/orders", APP, "PUT", "X-TOKEN", " Content-Type ,,x-token");
        assertEquals(Outcome.ALLOWED, decision.outcome(), decision.reason());
        assertEquals("x-token, content-type", header(decision.plan(), "Access-Control-Allow-Headers"));
        assertEquals(403, preflight(engine, "/api/orders", APP, "PUT", "x-token", "x-other").plan().answerStatus);
    }

    @Test
    void moreThan64RequestedNamesAreDenied() {
        CorsEngine engine = engine(API.replace("X-Token, Content-Type", "*"));
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            names.append(i == 0 ? "" : ",").append("x-h").append(i);
        }
        assertEquals(204, preflight(engine, "/api/a", APP, "PUT", names.toString()).plan().answerStatus);
        Decision tooMany = preflight(engine, "/api/a", APP, "PUT", names.toString(), "x-one-more");
        assertEquals(403, tooMany.plan().answerStatus);
        assertTrue(tooMany.reason().contains("more than 64"), tooMany.reason());
    }

    @Test
    void wildcardHeadersAllowAnyNameButAuthorizationAndListTheNames() {
        CorsEngine engine = engine(API.replace("X-Token, Content-Type", "*"));
        ResponsePlan plan = preflight(engine, "/api/a", APP, "PUT", "x-anything, x-other").plan();
        assertEquals(204, plan.answerStatus);
        assertEquals("x-anything, x-other", header(plan, "Access-Control-Allow-Headers"));
        Decision authorization = preflight(engine, "/api/a", APP, "PUT", "x-anything, Authorization");
        assertEquals(403, authorization.plan().answerStatus);
        assertTrue(authorization.reason().contains("must be listed by name"), authorization.reason());

        CorsEngine listed = engine(API.replace("X-Token, Content-Type", "*, Authorization"));
        ResponsePlan allowed = preflight(listed, "/api/a", APP, "PUT", "authorization, x-a").plan();
        assertEquals(204, allowed.answerStatus);
        assertEquals("authorization, x-a", header(allowed, "Access-Control-Allow-Headers"));
    }

    @Test
    void malformedRequestedHeaderNamesAreDenied() {
        CorsEngine engine = engine(API.replace("X-Token, Content-Type", "*"));
        assertEquals(403, preflight(engine, "/api/a", APP, "PUT", "x-a\r\nSet-Cookie: a").plan().answerStatus);
        assertEquals(403, preflight(engine, "/api/a", APP, "PUT", "x a").plan().answerStatus);
        assertEquals(403, preflight(engine, "/api/a", APP, "PU T").plan().answerStatus);
    }

    @Test
    void wildcardMethodsEchoTheRequestedMethodButNeverForbiddenOnes() {
        CorsEngine engine = engine(API.replace("GET, POST, PUT", "*") + "cors.allow-credentials = true\n");
        ResponsePlan plan = preflight(engine, "/api/a", APP, "PATCH").plan();
        assertEquals(204, plan.answerStatus);
        assertEquals("PATCH", header(plan, "Access-Control-Allow-Methods"));
        assertEquals(403, preflight(engine, "/api/a", APP, "TRACE").plan().answerStatus);
        assertEquals(403, preflight(engine, "/api/a", APP, "connect").plan().answerStatus);
    }

    @Test
    void privateNetworkAccessIsAnsweredOnlyWhenAllowed() {
        RequestFacts pna = new RequestFacts("OPTIONS", "/api/a", Collections.singletonList(APP), "GET", null, true);
        ResponsePlan allowed = engine(API + "cors.allow-private-network = true\n").decide(pna).plan();
        assertEquals(204, allowed.answerStatus);
        assertEquals("true", header(allowed, "Access-Control-Allow-Private-Network"));
        Decision denied = engine(API).decide(pna);
        assertEquals(403, denied.plan().answerStatus);
        assertNoCorsHeaders(denied.plan());
        // not requested: not sent, even when allowed
        ResponsePlan plain = preflight(engine(API + "cors.allow-private-network = true\n"), "/api/a", APP, "GET").plan();
        assertNull(header(plain, "Access-Control-Allow-Private-Network"));
    }

    @Test
    void preflightOnAnUncoveredPathGoesToTheApp() {
        Decision decision = preflight(engine(API), "/static/x", APP, "PUT");
        assertEquals(Outcome.PASS_THROUGH, decision.outcome());
        assertEquals(0, decision.plan().answerStatus);
        assertNull(decision.policyName());
    }

    // ---- 2. actual requests ----------------------------------------------------------------------

    @Test
    void allowedActualRequestGetsOriginCredentialsExposeAndVary() {
        CorsEngine engine = engine(API + "cors.allow-credentials = true\ncors.exposed-headers = X-Total, X-Page\n");
        Decision decision = actual(engine, "PUT", "/api/orders/1", APP);
        ResponsePlan plan = decision.plan();
        assertEquals(Outcome.ALLOWED, decision.outcome());
        assertEquals(RequestType.ACTUAL, decision.requestType());
        assertEquals(0, plan.answerStatus);
        assertEquals(APP, header(plan, "Access-Control-Allow-Origin"));
        assertEquals("true", header(plan, "Access-Control-Allow-Credentials"));
        assertEquals("X-Total, X-Page", header(plan, "Access-Control-Expose-Headers"));
        assertNull(header(plan, "Access-Control-Allow-Methods"));
        assertEquals("Origin", plan.vary);
        assertTrue(plan.ownsCorsHeaders);
        assertEquals(Boolean.TRUE, plan.isCorsRequest);
        assertEquals("actual", plan.requestType);
        assertEquals(APP, plan.origin);
        assertEquals("simple", actual(engine, "GET", "/api/orders", APP).plan().requestType);
    }

    @Test
    void actualRequestFromAnOtherOriginGetsNoCorsHeaderButVary() {
        Decision decision = actual(engine(API), "GET", "/api/orders", EVIL);
        assertEquals(Outcome.DENIED, decision.outcome());
        assertEquals(0, decision.plan().answerStatus);
        assertNoCorsHeaders(decision.plan());
        assertEquals("Origin", decision.plan().vary);
        assertTrue(decision.plan().ownsCorsHeaders);
    }

    @Test
    void anyOriginPolicyWithoutCredentialsSendsStarEverywhereWithoutVary() {
        CorsEngine engine = engine("cors.paths = /public/**\ncors.allowed-origins = *\ncors.exposed-headers = X-Total\n");
        for (String origin : Arrays.asList(APP, EVIL, "null", null)) {
            ResponsePlan plan = actual(engine, "GET", "/public/a", origin).plan();
            assertEquals("*", header(plan, "Access-Control-Allow-Origin"), String.valueOf(origin));
            assertEquals("X-Total", header(plan, "Access-Control-Expose-Headers"));
            assertNull(plan.vary, String.valueOf(origin));
            assertTrue(plan.ownsCorsHeaders);
        }
        assertSame(engine.planWithoutOrigin("GET", "/public/a"), actual(engine, "GET", "/public/a", null).plan());
    }

    @Test
    void credentialedPolicyReflectsTheOriginNeverStar() {
        CorsEngine engine = engine("cors.allowed-origins = https://*.example.com\ncors.allow-credentials = true\n");
        ResponsePlan plan = actual(engine, "GET", "/", "https://a.example.com").plan();
        assertEquals("https://a.example.com", header(plan, "Access-Control-Allow-Origin"));
        assertEquals("Origin", plan.vary);
    }

    // ---- 3. no Origin, uncovered paths -----------------------------------------------------------

    @Test
    void uncoveredPathGetsOnlyVaryAndKeepsAppHeaders() {
        CorsEngine engine = engine(API);
        for (String origin : Arrays.asList(APP, null)) {
            Decision decision = actual(engine, "GET", "/static/app.js", origin);
            assertEquals(Outcome.PASS_THROUGH, decision.outcome());
            assertNull(decision.policyName());
            ResponsePlan plan = decision.plan();
            assertEquals(0, plan.headerNames.length);
            assertEquals("Origin", plan.vary);
            assertFalse(plan.ownsCorsHeaders);
            assertNull(plan.requestType);
            assertNull(plan.isCorsRequest);
        }
        assertSame(engine.planWithoutOrigin("GET", "/static/app.js"), actual(engine, "GET", "/static/app.js", APP).plan());
    }

    @Test
    void noOriginOnACoveredPathGetsVaryAndNotCorsAttributes() {
        CorsEngine engine = engine(API);
        Decision decision = engine.decide(RequestFacts.withoutOrigin("GET", "/api/orders"));
        assertEquals(Outcome.PASS_THROUGH, decision.outcome());
        assertEquals(RequestType.NOT_CORS, decision.requestType());
        assertEquals("default", decision.policyName());
        ResponsePlan plan = decision.plan();
        assertEquals(0, plan.headerNames.length);
        assertEquals("Origin", plan.vary);
        assertTrue(plan.ownsCorsHeaders);
        assertEquals(Boolean.FALSE, plan.isCorsRequest);
        assertEquals("not_cors", plan.requestType);
        assertNull(plan.origin);
        assertSame(plan, engine.planWithoutOrigin("GET", "/api/orders"));
        assertSame(plan, engine.planWithoutOrigin("POST", "/api/other"));
    }

    @Test
    void planWithoutOriginAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CorsEngine engine = engine("cors.policies = a, b\ncors.allowed-origins = https://app.example.com\n"
                + "cors.policy.a.paths = /shop/*/admin/**\ncors.policy.b.paths = /shop/**/api/**\n");
        long id = Thread.currentThread().getId();
        ResponsePlan sink = null;
        for (int i = 0; i < 20000; i++) { // warm up (JIT)
            sink = engine.planWithoutOrigin("GET", "/shop/x/y/api/orders/" + (i % 3));
        }
        String[] paths = {"/shop/x/y/api/orders/7", "/shop/7/admin/users", "/elsewhere/x", "/"};
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100000; i++) {
            sink = engine.planWithoutOrigin("GET", paths[i & 3]);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(allocated < 10000, "allocated " + allocated + " bytes for 100000 requests");
        assertTrue(sink.vary != null);
    }

    // ---- 4. policy order ---------------------------------------------------------------------

    @Test
    void theFirstPolicyWhosePathsMatchWins() {
        CorsEngine engine = engine("cors.policies = admin, api\n"
                + "cors.policy.admin.paths = /api/admin/**\n"
                + "cors.policy.admin.allowed-origins = https://admin.example.com\n"
                + "cors.policy.api.paths = /api/**\n"
                + "cors.policy.api.allowed-origins = https://app.example.com\n");
        Decision admin = actual(engine, "GET", "/api/admin/users", APP);
        assertEquals("admin", admin.policyName());
        assertEquals(Outcome.DENIED, admin.outcome());
        assertEquals(Outcome.ALLOWED, actual(engine, "GET", "/api/admin/users", "https://admin.example.com").outcome());
        Decision api = actual(engine, "GET", "/api/orders", APP);
        assertEquals("api", api.policyName());
        assertEquals(Outcome.ALLOWED, api.outcome());
    }

    // ---- 5. origin matching ------------------------------------------------------------------

    @Test
    void originsMatchExactlyAndPatternsLabelWise() {
        CorsEngine engine = engine("cors.allowed-origins = https://app.example.com, https://*.app.example.org,"
                + " http://localhost:*\n");
        String[] granted = {APP, "https://eu.app.example.org", "https://a.b.app.example.org", "http://localhost:3000",
                "http://localhost"};
        String[] refused = {"https://app.example.com.evil.example", "https://evilapp.example.org",
                "https://app.example.org", "https://evilapp.example.com", "http://app.example.com",
                "https://app.example.com:8443", "https://localhost:3000", "http://localhost.evil.example:3000",
                "https://eu.app.example.org.evil.example", "null"};
        for (String origin : granted) {
            assertEquals(Outcome.ALLOWED, actual(engine, "GET", "/", origin).outcome(), origin);
        }
        for (String origin : refused) {
            Decision decision = actual(engine, "GET", "/", origin);
            assertEquals(Outcome.DENIED, decision.outcome(), origin);
            assertNoCorsHeaders(decision.plan());
        }
    }

    @Test
    void nullOriginOnlyWhenListed() {
        assertEquals(Outcome.DENIED, actual(engine("cors.allowed-origins = https://a.example.com\n"), "GET", "/", "null").outcome());
        ResponsePlan plan = actual(engine("cors.allowed-origins = null\n"), "GET", "/", "null").plan();
        assertEquals("null", header(plan, "Access-Control-Allow-Origin"));
    }

    @Test
    void malformedOrSeveralOriginsAreNeverGranted() {
        CorsEngine engine = engine("cors.allowed-origins = *\n");
        for (String origin : Arrays.asList("https://APP.example.com", APP + "/", "https://app.example.com:443",
                APP + "\r\nX: y", "", "https://" + repeat("a.", 200) + "com")) {
            Decision decision = actual(engine, "GET", "/", origin);
            assertEquals(RequestType.INVALID_CORS, decision.requestType(), origin);
            assertEquals(Outcome.DENIED, decision.outcome());
            assertNoCorsHeaders(decision.plan());
            assertEquals("Origin", decision.plan().vary);
            assertEquals("invalid_cors", decision.plan().requestType);
            assertEquals(Boolean.FALSE, decision.plan().isCorsRequest);
        }
        Decision two = engine.decide(new RequestFacts("GET", "/", Arrays.asList(APP, APP), null, null));
        assertEquals(RequestType.INVALID_CORS, two.requestType());
        assertNoCorsHeaders(two.plan());
        Decision preflight = engine.decide(new RequestFacts("OPTIONS", "/", Arrays.asList(APP, EVIL), "GET", null));
        assertEquals(403, preflight.plan().answerStatus);
        assertNoCorsHeaders(preflight.plan());
    }

    // ---- 6. request types and attributes -----------------------------------------------------

    @Test
    void classifiesRequestsLikeTomcat() {
        CorsEngine engine = engine(API);
        assertEquals(RequestType.SIMPLE, actual(engine, "GET", "/api/a", APP).requestType());
        assertEquals(RequestType.SIMPLE, actual(engine, "HEAD", "/api/a", APP).requestType());
        // a POST without Content-Type: Tomcat's media type parser gives null, which Tomcat counts as simple
        assertEquals(RequestType.SIMPLE, actual(engine, "POST", "/api/a", APP).requestType());
        assertEquals(RequestType.ACTUAL, actual(engine, "DELETE", "/api/a", APP).requestType());
        assertEquals(RequestType.ACTUAL, actual(engine, "OPTIONS", "/api/a", APP).requestType());
        assertEquals(RequestType.PRE_FLIGHT, preflight(engine, "/api/a", APP, "PUT").requestType());
        Decision emptyMethod = preflight(engine, "/api/a", APP, "");
        assertEquals(RequestType.INVALID_CORS, emptyMethod.requestType());
        assertEquals(0, emptyMethod.plan().answerStatus);
        assertNoCorsHeaders(emptyMethod.plan());
        assertEquals(RequestType.NOT_CORS, actual(engine, "GET", "/api/a", null).requestType());
        assertEquals("pre_flight", RequestType.PRE_FLIGHT.attributeValue());
        assertEquals("invalid_cors", RequestType.INVALID_CORS.attributeValue());
    }

    static RequestType typeWithContentType(CorsEngine engine, String method, String contentType) {
        return engine.decide(new RequestFacts(method, "/api/a", Collections.singletonList(APP), null, null, false,
                contentType)).requestType();
    }

    @Test
    void getAndHeadAreSimpleWhateverTheContentType() {
        CorsEngine engine = engine(API);
        assertEquals(RequestType.SIMPLE, typeWithContentType(engine, "GET", null));
        assertEquals(RequestType.SIMPLE, typeWithContentType(engine, "GET", "application/json"));
        assertEquals(RequestType.SIMPLE, typeWithContentType(engine, "HEAD", null));
        assertEquals(RequestType.SIMPLE, typeWithContentType(engine, "HEAD", "application/json"));
    }

    @Test
    void postWithAFormContentTypeIsSimple() {
        CorsEngine engine = engine(API);
        assertEquals(RequestType.SIMPLE, typeWithContentType(engine, "POST", "application/x-www-form-urlencoded"));
        assertEquals(RequestType.SIMPLE, typeWithContentType(engine, "POST", "multipart/form-data"));
        assertEquals(RequestType.SIMPLE, typeWithContentType(engine, "POST", "text/plain"));
        assertEquals(RequestType.SIMPLE, typeWithContentType(engine, "POST", "text/plain;charset=UTF-8"));
        assertEquals(RequestType.SIMPLE,
                typeWithContentType(engine, "POST", "multipart/form-data; boundary=----x"));
        assertEquals(RequestType.SIMPLE, typeWithContentType(engine, "POST", " Text/Plain ; charset=utf-8"));
        assertEquals(RequestType.SIMPLE, typeWithContentType(engine, "POST", "APPLICATION/X-WWW-FORM-URLENCODED"));
        assertEquals("simple", engine.decide(new RequestFacts("POST", "/api/a", Collections.singletonList(APP),
                null, null, false, "text/plain")).plan().requestType);
    }

    @Test
    void postWithAnyOtherContentTypeIsActual() {
        CorsEngine engine = engine(API);
        assertEquals(RequestType.ACTUAL, typeWithContentType(engine, "POST", "application/json"));
        assertEquals(RequestType.ACTUAL, typeWithContentType(engine, "POST", "application/json; charset=UTF-8"));
        assertEquals(RequestType.ACTUAL, typeWithContentType(engine, "POST", "text/plainx"));
        assertEquals(RequestType.ACTUAL, typeWithContentType(engine, "POST", "")); // empty: not a form type
        Decision json = engine.decide(new RequestFacts("POST", "/api/a", Collections.singletonList(APP),
                null, null, false, "application/json"));
        assertEquals("actual", json.plan().requestType);
        assertEquals(APP, header(json.plan(), "Access-Control-Allow-Origin"), "still allowed, only the type changes");
    }

    @Test
    void putIsActualWhateverTheContentType() {
        CorsEngine engine = engine(API);
        assertEquals(RequestType.ACTUAL, typeWithContentType(engine, "PUT", null));
        assertEquals(RequestType.ACTUAL, typeWithContentType(engine, "PUT", "text/plain"));
        assertEquals(RequestType.ACTUAL, typeWithContentType(engine, "PUT", "application/json"));
    }

    @Test
    void theContentTypeDoesNotMakeAPreflightOrANonCorsRequest() {
        CorsEngine engine = engine(API);
        assertEquals(RequestType.PRE_FLIGHT, engine.decide(new RequestFacts("OPTIONS", "/api/a",
                Collections.singletonList(APP), "POST", null, false, "application/json")).requestType());
        assertEquals(RequestType.NOT_CORS, engine.decide(new RequestFacts("POST", "/api/a", null, null, null, false,
                "application/json")).requestType());
    }

    @Test
    void reasonNamesOriginMethodPathPolicyAndRule() {
        CorsEngine engine = engine("cors.policies = api\ncors.policy.api.paths = /api/**\n"
                + "cors.allowed-origins = https://*.example.com\n");
        String allowed = actual(engine, "POST", "/api/orders", "https://shop.example.com").reason();
        assertEquals("POST /api/orders from https://shop.example.com: allowed by policy 'api': allowed-origins"
                + " pattern https://*.example.com matches", allowed);
        String denied = preflight(engine, "/api/orders", "https://shop.example.com", "PUT", "x-a").reason();
        assertTrue(denied.startsWith("preflight for PUT /api/orders from https://shop.example.com (headers: x-a):"
                + " denied by policy 'api': method PUT is not in allowed-methods (GET, HEAD, POST)"), denied);
        String invalid = actual(engine, "GET", "/api/x", "https://a.example.com\r\n").reason();
        assertFalse(invalid.contains("\r") || invalid.contains("\n"), invalid);
        assertTrue(invalid.contains("\\x0d\\x0a"), invalid);
        String uncovered = actual(engine, "GET", "/web", "https://shop.example.com").reason();
        assertTrue(uncovered.contains("no policy covers the path"), uncovered);
    }

    @Test
    void headerValuesNeverContainControlCharacters() {
        CorsEngine engine = engine("cors.allowed-origins = *\ncors.allowed-headers = *\ncors.allowed-methods = *\n"
                + "cors.exposed-headers = X-A\ncors.max-age = 5\n");
        List<ResponsePlan> plans = new ArrayList<ResponsePlan>();
        for (String origin : Arrays.asList(APP, APP + "\n", "https://a.example.com\u0000", "null\r")) {
            plans.add(actual(engine, "GET", "/", origin).plan());
            plans.add(preflight(engine, "/", origin, "PUT", "x-a\r\nx-b", "x-c").plan());
            plans.add(preflight(engine, "/", origin, "PU\nT", "x-c").plan());
            plans.add(preflight(engine, "/", origin, "PUT", "x-c").plan());
        }
        for (ResponsePlan plan : plans) {
            for (String value : plan.headerValues) {
                for (int i = 0; i < value.length(); i++) {
                    assertTrue(value.charAt(i) >= 0x20 && value.charAt(i) < 0x7f, value);
                }
            }
        }
    }

    // ---- 9. Timing-Allow-Origin -----------------------------------------------------------------

    @Test
    void timingAllowOriginIsOnEveryResponseOfThePolicyWhateverTheDecision() {
        CorsEngine engine = engine(API + "cors.timing-allow-origin = https://rum.example.com, " + APP + "\n");
        String tao = "https://rum.example.com, " + APP;
        List<ResponsePlan> plans = new ArrayList<ResponsePlan>();
        plans.add(actual(engine, "GET", "/api/a", null).plan()); // an <img>: no Origin
        plans.add(engine.planWithoutOrigin("GET", "/api/a"));
        plans.add(actual(engine, "GET", "/api/a", APP).plan()); // exact, ready plan
        plans.add(actual(engine, "PUT", "/api/a", "https://x.app.example.org").plan()); // pattern
        plans.add(actual(engine, "GET", "/api/a", EVIL).plan()); // denied
        plans.add(actual(engine, "GET", "/api/a", "https://APP.example.com").plan()); // malformed
        plans.add(preflight(engine, "/api/a", APP, "PUT", "x-token").plan());
        plans.add(preflight(engine, "/api/a", APP, "PUT").plan()); // no headers requested: another shape
        plans.add(preflight(engine, "/api/a", APP, "DELETE").plan()); // denied preflight
        plans.add(preflight(engine, "/api/a", "bad origin", "PUT").plan()); // malformed preflight
        plans.add(engine.plan("GET", "/api/a", APP, null, null, false, null));
        plans.add(engine.plan("OPTIONS", "/api/a", EVIL, "PUT", "", false, null));
        for (ResponsePlan plan : plans) {
            assertEquals(tao, header(plan, "Timing-Allow-Origin"), Arrays.toString(plan.headerNames));
        }
        // a path no policy covers gets nothing
        assertNull(header(engine.planWithoutOrigin("GET", "/other"), "Timing-Allow-Origin"));
        assertNull(header(actual(engine, "GET", "/other", APP).plan(), "Timing-Allow-Origin"));
    }

    @Test
    void timingAllowOriginStarOnAnAnyOriginPolicyAndNothingWhenUnset() {
        CorsEngine any = engine("cors.allowed-origins = *\ncors.timing-allow-origin = *\n");
        assertEquals("*", header(any.planWithoutOrigin("GET", "/x"), "Timing-Allow-Origin"));
        assertEquals("*", header(actual(any, "GET", "/x", APP).plan(), "Timing-Allow-Origin"));
        assertEquals("*", header(actual(any, "GET", "/x", APP).plan(), "Access-Control-Allow-Origin"));
        CorsEngine unset = engine(API);
        for (ResponsePlan plan : Arrays.asList(unset.planWithoutOrigin("GET", "/api/a"),
                actual(unset, "GET", "/api/a", APP).plan(), actual(unset, "GET", "/api/a", EVIL).plan(),
                preflight(unset, "/api/a", APP, "PUT").plan(), preflight(unset, "/api/a", EVIL, "PUT").plan())) {
            assertNull(header(plan, "Timing-Allow-Origin"));
        }
        assertEquals(0, unset.planWithoutOrigin("GET", "/api/a").headerNames.length);
    }

    @Test
    void timingAllowOriginAloneAddsNoCorsHeaderToADenial() {
        CorsEngine engine = engine(API + "cors.timing-allow-origin = *\n");
        ResponsePlan denied = preflight(engine, "/api/a", EVIL, "PUT").plan();
        assertEquals(403, denied.answerStatus);
        assertNoCorsHeaders(denied);
        assertEquals(Arrays.asList("Timing-Allow-Origin"), Arrays.asList(denied.headerNames));
    }

    // ---- Private Network Access ------------------------------------------------------------------

    @Test
    void preflightVaryNamesThePrivateNetworkRequestWhenThePolicyAllowsIt() {
        CorsEngine engine = engine(API + "cors.allow-private-network = true\n");
        String vary = VARY_PREFLIGHT + ", Access-Control-Request-Private-Network";
        assertEquals(vary, preflight(engine, "/api/a", APP, "PUT").plan().vary);
        assertEquals(vary, preflight(engine, "/api/a", EVIL, "PUT").plan().vary);
        assertEquals(vary, engine.plan("OPTIONS", "/api/a", APP, "PUT", "", true, null).vary);
        assertEquals("Origin", actual(engine, "GET", "/api/a", APP).plan().vary);
        assertEquals(VARY_PREFLIGHT, preflight(engine(API), "/api/a", APP, "PUT").plan().vary);
    }

    @Test
    void aPreflightWithMoreThanSixteenEmptyHeaderItemsIsDenied() {
        CorsEngine engine = engine(API);
        Decision sixteen = preflight(engine, "/api/a", APP, "PUT", "x-token" + repeat(",", 16));
        assertEquals(Outcome.ALLOWED, sixteen.outcome());
        assertEquals("x-token", header(sixteen.plan(), "Access-Control-Allow-Headers"));
        Decision seventeen = preflight(engine, "/api/a", APP, "PUT", "x-token" + repeat(",", 8), repeat(",", 8));
        assertEquals(Outcome.DENIED, seventeen.outcome());
        assertEquals(403, seventeen.plan().answerStatus);
        assertNoCorsHeaders(seventeen.plan());
        assertTrue(seventeen.reason().contains("more than 16 empty items"), seventeen.reason());
        assertEquals(Outcome.DENIED, engine.decide(new RequestFacts("OPTIONS", "/api/a", Collections.singletonList(APP),
                "PUT", Collections.singletonList(repeat(" ,", 17)))).outcome());
        assertEquals(403, engine.plan("OPTIONS", "/api/a", APP, "PUT", repeat(",", 17), false, null).answerStatus);
    }

    private static String repeat(String text, int times) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < times; i++) {
            out.append(text);
        }
        return out.toString();
    }
}
