package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertNoHeader;
import static dev.corsagent.it.support.CorsAssertions.assertNoToken;
import static dev.corsagent.it.support.CorsAssertions.assertSingleHeader;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.CorsAssertions.assertTokens;
import static dev.corsagent.it.support.CorsAssertions.assertVary;
import static dev.corsagent.it.support.RawHttp.get;
import static dev.corsagent.it.support.RawHttp.options;
import static dev.corsagent.it.support.RawHttp.preflight;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CORS behaviour every supported container must show (SPEC "Behaviour"), checked over real
 * HTTP against the shop app in a real container with the real agent jar. Each subclass starts its
 * container once, under {@link Policies#CONTRACT}.
 */
abstract class CorsContract extends AppPerClass {
    static final String APP_ORIGIN = "https://app.example.com";
    static final String ITEMS = "/shop/api/items";
    static final Set<String> POLICY_METHODS = Set.of("GET", "POST", "PUT", "DELETE");

    /** Starts the shop app under {@code policy}; files of the run go to {@code workDir}. */
    abstract RunningApp start(Path policy, Path workDir) throws Exception;

    @Override
    RunningApp startApp(Path work) throws Exception {
        return start(Policies.write(work, "cors.properties", Policies.CONTRACT), work);
    }

    /** Request targets the container itself refuses with 400 (ambiguous URIs), before app or agent. */
    Set<String> targetsTheContainerRefuses() {
        return Set.of();
    }

    /** True (and checked) when the container refused {@code target} itself, as it is entitled to. */
    boolean refusedByTheContainer(String target, HttpResponse r) {
        if (!targetsTheContainerRefuses().contains(target)) {
            return false;
        }
        assertStatus(400, r);
        assertNoCorsHeaders(r);
        return true;
    }

    HttpResponse send(RawHttp request) {
        return app.send(request);
    }

    /** What the agent logged: its stderr, unless the subclass pointed cors.log.file elsewhere (WildFly). */
    String agentLog() throws java.io.IOException {
        return app.jvm().stderr();
    }

    // ---- preflights -------------------------------------------------------------------------

    @ParameterizedTest(name = "allowed preflight from {0}")
    @ValueSource(strings = {APP_ORIGIN, "https://a.b.trusted.example", "http://localhost:5173"})
    void allowedPreflightIsAnsweredByTheAgentBeforeTheApp(String origin) {
        int optionsBefore = app.filterOptions();

        HttpResponse r = send(preflight(ITEMS, origin, "PUT", "authorization, content-type"));

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", origin, r);
        assertSingleHeader("Access-Control-Allow-Credentials", "true", r);
        assertAllowMethods(r, "PUT");
        assertTokens("Access-Control-Allow-Headers", r, "Authorization", "Content-Type");
        assertNoToken("Access-Control-Allow-Headers", "*", r);
        assertSingleHeader("Access-Control-Max-Age", "600", r);
        assertVary(r, "Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers");
        assertEquals(optionsBefore, app.filterOptions(), "the app's AuthFilter must not see an answered preflight");
    }

    /**
     * Loaded with -javaagent or JAVA_TOOL_OPTIONS, the agent is static: JDK 21 and later must not warn
     * about a dynamically loaded agent (the agent never self-attaches, and Byte Buddy's own attach
     * is never used). Checked on every JDK the suite runs on.
     */
    @Test
    void noDynamicAgentWarningForAStaticallyLoadedAgent() {
        String stderr = app.jvm().stderr();
        assertTrue(!stderr.contains("loaded dynamically") && !stderr.contains("EnableDynamicAgentLoading"),
                () -> "no dynamic-agent warning expected:\n" + stderr);
    }

    /** The bridge is defined in the boot loader directly: nothing appended to its path, no HotSpot line about it (JDK 24+ printed one). */
    @Test
    void noLineFromTheJvmAboutTheBootstrapClassPath() {
        String stderr = app.jvm().stderr();
        assertTrue(!stderr.contains("bootstrap classpath has been appended"), () -> "unexpected JVM warning:\n" + stderr);
    }

    @Test
    void requestHeadersSpreadOverSeveralLinesAreAllAllowed() {
        HttpResponse r = send(preflight(ITEMS, APP_ORIGIN, "POST", "authorization")
                .header("Access-Control-Request-Headers", "x-requested-with, CONTENT-TYPE"));

        assertStatus(204, r);
        assertTokens("Access-Control-Allow-Headers", r, "Authorization", "X-Requested-With", "Content-Type");
    }

    @Test
    void aDisallowedHeaderInASecondLineDeniesThePreflight() {
        assertDenied(send(preflight(ITEMS, APP_ORIGIN, "POST", "authorization")
                .header("Access-Control-Request-Headers", "x-not-allowed")));
    }

    static Stream<Arguments> deniedPreflights() {
        String allowed = "authorization, content-type";
        return Stream.of(
                Arguments.of("unlisted origin", "https://evil.example", "GET", allowed),
                Arguments.of("allowed origin as a prefix of another host", "https://app.example.com.evil.example", "GET", allowed),
                Arguments.of("allowed host as a suffix of another label", "https://evilapp.example.com", "GET", allowed),
                Arguments.of("apex of a subdomain pattern", "https://trusted.example", "GET", allowed),
                Arguments.of("subdomain pattern with another scheme", "http://a.trusted.example", "GET", allowed),
                Arguments.of("exact origin on another port", "https://app.example.com:8443", "GET", allowed),
                Arguments.of("subdomain pattern with a port", "https://a.trusted.example:8443", "GET", allowed),
                Arguments.of("exact origin with another scheme", "http://app.example.com", "GET", allowed),
                Arguments.of("disallowed method", APP_ORIGIN, "PATCH", allowed),
                Arguments.of("method in the wrong case", APP_ORIGIN, "put", allowed),
                Arguments.of("one disallowed header among allowed ones", APP_ORIGIN, "PUT", "authorization, x-evil, content-type"),
                Arguments.of("65 requested header names", APP_ORIGIN, "PUT", allowedNames(65)));
    }

    @ParameterizedTest(name = "denied preflight: {0}")
    @MethodSource("deniedPreflights")
    void deniedPreflightIs403WithoutCorsHeadersAndNeverReachesTheApp(String why, String origin, String method, String headers) {
        int optionsBefore = app.filterOptions();

        assertDenied(send(preflight(ITEMS, origin, method, headers)));

        assertEquals(optionsBefore, app.filterOptions(), "a denied preflight must not reach the app either");
    }

    @Test
    void sixtyFourRequestedHeaderNamesAreStillAllowed() {
        HttpResponse r = send(preflight(ITEMS, APP_ORIGIN, "PUT", allowedNames(64)));

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", APP_ORIGIN, r);
    }

    @Test
    void preflightToAPathBehindContainerAuthenticationIsAnsweredNot401() {
        HttpResponse r = send(preflight("/shop/secure/data", APP_ORIGIN, "GET", "authorization"));

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", APP_ORIGIN, r);
        assertSingleHeader("Access-Control-Allow-Credentials", "true", r);
        assertNoHeader("WWW-Authenticate", r);
    }

    @Test
    void preflightOnAnUncoveredPathIsLeftToTheApp() {
        HttpResponse r = send(preflight("/shop/public/hello", APP_ORIGIN, "GET", null));

        assertNoCorsHeaders(r);
        assertVary(r, "Origin");
    }

    @Test
    void preflightWithTwoOriginHeadersIsNotGranted() {
        HttpResponse r = send(options(ITEMS).origin(APP_ORIGIN).origin(APP_ORIGIN)
                .header("Access-Control-Request-Method", "GET"));

        assertNoCorsHeaders(r);
        assertTrue(r.status() >= 400, () -> "a preflight with two Origin headers must not succeed\n" + r);
    }

    // ---- actual requests --------------------------------------------------------------------

    @Test
    void actualRequestFromAllowedOriginGetsTheGrantAndKeepsTheAppsVary() {
        HttpResponse r = send(get(ITEMS).origin(APP_ORIGIN).authorized());

        assertStatus(200, r);
        assertActualGrant(APP_ORIGIN, r);
        assertNotNull(r.header("X-Request-Id"), () -> "the app's own header must stay\n" + r);
        assertVary(r, "Accept-Encoding", "Origin");
    }

    @ParameterizedTest(name = "{0} from an allowed origin")
    @ValueSource(strings = {"POST", "PUT", "DELETE"})
    void otherMethodsFromAllowedOriginsGetTheGrant(String method) {
        HttpResponse r = send(RawHttp.request(method, ITEMS).origin("https://x.trusted.example").authorized()
                .body("application/json", "{\"name\":\"it\"}"));

        assertStatus(200, r);
        assertActualGrant("https://x.trusted.example", r);
    }

    @Test
    void actualRequestFromUnlistedOriginReachesTheAppWithoutCorsHeaders() {
        HttpResponse r = send(get(ITEMS).origin("https://evil.example").authorized());

        assertStatus(200, r);
        assertNoCorsHeaders(r);
        assertVary(r, "Accept-Encoding", "Origin");
    }

    @Test
    void requestWithoutOriginIsUntouchedExceptVary() {
        HttpResponse r = send(get(ITEMS).authorized());

        assertStatus(200, r);
        assertNoCorsHeaders(r);
        assertVary(r, "Accept-Encoding", "Origin");
    }

    @Test
    void theAppsOwn401CarriesTheGrant() {
        HttpResponse r = send(get(ITEMS).origin(APP_ORIGIN));

        assertStatus(401, r);
        assertActualGrant(APP_ORIGIN, r);
    }

    @Test
    void containerAuthentication401CarriesTheGrant() {
        HttpResponse r = send(get("/shop/secure/data").origin(APP_ORIGIN));

        assertStatus(401, r);
        String challenge = r.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Basic"), () -> "the container's BASIC challenge expected\n" + r);
        assertSingleHeader("Access-Control-Allow-Origin", APP_ORIGIN, r);
        assertSingleHeader("Access-Control-Allow-Credentials", "true", r);
        assertVary(r, "Origin");
    }

    @Test
    void authenticatedRequestOnTheSecuredPathGetsTheGrant() {
        HttpResponse r = send(get("/shop/secure/data").origin(APP_ORIGIN).basicAuth("alice", "secret"));

        assertStatus(200, r);
        assertTrue(r.body().contains("\"user\":\"alice\""), () -> "served to alice\n" + r);
        assertSingleHeader("Access-Control-Allow-Origin", APP_ORIGIN, r);
        assertSingleHeader("Access-Control-Allow-Credentials", "true", r);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"boom:500", "teapot:418", "reset:200", "no-such-resource:404"})
    void errorsAndResetResponsesCarryTheGrant(String pathAndStatus) {
        String[] p = pathAndStatus.split(":");
        HttpResponse r = send(get("/shop/api/" + p[0]).origin(APP_ORIGIN).authorized());

        assertStatus(Integer.parseInt(p[1]), r);
        assertActualGrant(APP_ORIGIN, r);
    }

    @Test
    void theAppsOwnCorsHeadersAreReplacedByThePolicy() {
        HttpResponse r = send(get("/shop/api/legacy-cors").origin(APP_ORIGIN).authorized());

        assertStatus(200, r);
        assertActualGrant(APP_ORIGIN, r);
        assertNoHeader("Access-Control-Allow-Methods", r);
    }

    @Test
    void theAppsOwnCorsHeadersAreDroppedForAnUnlistedOrigin() {
        HttpResponse r = send(get("/shop/api/legacy-cors").origin("https://evil.example").authorized());

        assertStatus(200, r);
        assertNoCorsHeaders(r);
    }

    @Test
    void droppingTheAppsCorsHeadersIsLoggedOncePerPath() throws Exception {
        for (int i = 0; i < 3; i++) {
            send(get("/shop/api/legacy-cors").origin(APP_ORIGIN).authorized());
        }
        Thread.sleep(300); // the log line may trail the response
        String log = agentLog();
        long lines = log.lines()
                .filter(l -> l.contains("[cors-agent]") && !l.contains("DEBUG"))
                .filter(l -> l.contains("/shop/api/legacy-cors") && l.contains("Access-Control-"))
                .count();
        assertEquals(1, lines, () -> "one line for the path expected:\n" + log);
    }

    @Test
    void uncoveredPathIsUntouchedExceptVary() {
        HttpResponse r = send(get("/shop/public/hello").origin(APP_ORIGIN));

        assertStatus(200, r);
        assertNoCorsHeaders(r);
        assertVary(r, "Origin");
    }

    @ParameterizedTest(name = "Origin headers {0} and {1}")
    @CsvSource({APP_ORIGIN + "," + APP_ORIGIN, APP_ORIGIN + ",https://evil.example", "https://evil.example," + APP_ORIGIN})
    void twoOriginHeadersAreNeverGranted(String first, String second) {
        HttpResponse r = send(get(ITEMS).origin(first).origin(second).authorized());

        assertStatus(200, r);
        assertNoCorsHeaders(r);
    }

    @ParameterizedTest(name = "malformed Origin: {0}")
    @ValueSource(strings = {"https://app.example.com/", "HTTPS://APP.EXAMPLE.COM", "https://app.example.com:443",
            "https://user@app.example.com", "app.example.com", "null", "",
            "http://localhost:99999", "http://localhost:", "http://localhost:05173", "http://localhost:+5173",
            "https://app.example.com.", "https://x.trusted.example.", "https://x..trusted.example", "https://.trusted.example",
            "http://[::1]:5173", "https://app.example.com:", "https://app%2eexample.com", "https://app.example.com, https://x.trusted.example",
            "https://a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a"
                    + ".a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a"
                    + ".a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.trusted.example"})
    void malformedOriginIsNeverGranted(String origin) {
        HttpResponse r = send(get(ITEMS).origin(origin).authorized());

        assertStatus(200, r);
        assertNoCorsHeaders(r);
    }

    @ParameterizedTest(name = "preflight to {0}")
    @ValueSource(strings = {"/shop/api/./items", "/shop/public/../api/items", "/shop//api/items", "/shop/%61pi/items",
            "/shop/api/items;jsessionid=0123456789ABCDEF", "/shop/api/items?q=1", "/shop/public/%2e%2e/api/items",
            "/shop;v=1/api;x=2/items"})
    void coverageIsDecidedOnTheNormalizedPath(String target) {
        int optionsBefore = app.filterOptions();

        HttpResponse r = send(preflight(target, APP_ORIGIN, "PUT", "authorization"));
        if (refusedByTheContainer(target, r)) {
            return;
        }

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", APP_ORIGIN, r);
        assertEquals(optionsBefore, app.filterOptions(), "the app must not see it");
    }

    @Test
    void aPathThatOnlyLooksCoveredBeforeNormalizationIsNotCovered() {
        String target = "/shop/api/%2e%2e/public/hello";
        HttpResponse r = send(preflight(target, APP_ORIGIN, "GET", null));
        if (refusedByTheContainer(target, r)) {
            return;
        }

        assertNoCorsHeaders(r);
        assertVary(r, "Origin");
    }

    @Test
    void aPathThatOnlySharesAPrefixWithACoveredOneIsNotCovered() {
        HttpResponse r = send(preflight("/shop/apix/items", APP_ORIGIN, "PUT", "authorization"));

        assertNoCorsHeaders(r);
        assertTrue(r.status() != 204, () -> "/shop/apix is not under /shop/api/**\n" + r);
    }

    @Test
    void moreThan64NamesSpreadOverTwoLinesAreDenied() {
        assertDenied(send(preflight(ITEMS, APP_ORIGIN, "PUT", allowedNames(33))
                .header("Access-Control-Request-Headers", allowedNames(32))));
    }

    @Test
    void headerNamesOfTheRequestAreCaseInsensitive() {
        HttpResponse r = send(options(ITEMS).header("origin", APP_ORIGIN)
                .header("access-control-request-method", "PUT").header("ACCESS-CONTROL-REQUEST-HEADERS", "Authorization"));

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", APP_ORIGIN, r);
    }

    @Test
    void expectContinueRequestGetsTheGrantOnTheFinalResponse() {
        HttpResponse r = send(RawHttp.request("POST", ITEMS).origin(APP_ORIGIN).authorized()
                .header("Expect", "100-continue").body("application/json", "{\"name\":\"continue\"}"));

        assertStatus(200, r);
        assertActualGrant(APP_ORIGIN, r);
    }

    @Test
    void headRequestFromAllowedOriginGetsTheGrant() {
        HttpResponse r = send(RawHttp.request("HEAD", ITEMS).origin(APP_ORIGIN).authorized());

        assertStatus(200, r);
        assertActualGrant(APP_ORIGIN, r);
    }

    @Test
    void optionsWithOriginButNoRequestMethodIsAnActualRequestForTheApp() {
        int optionsBefore = app.filterOptions();

        HttpResponse r = send(options(ITEMS).origin(APP_ORIGIN));

        assertEquals(optionsBefore + 1, app.filterOptions(), () -> "not a preflight: the app must see it\n" + r);
        assertStatus(401, r);
    }

    @Test
    void requestsSharingAKeptAliveConnectionAreDecidedEachOnItsOwn() {
        List<HttpResponse> r = RawHttp.sendOnOneConnection(app.port(), List.of(
                preflight(ITEMS, APP_ORIGIN, "PUT", "authorization"),
                get(ITEMS).origin(APP_ORIGIN).authorized(),
                get(ITEMS).origin("https://evil.example").authorized(),
                get(ITEMS).authorized(),
                preflight(ITEMS, "https://evil.example", "PUT", null),
                get("/shop/api/teapot").origin("https://x.trusted.example").authorized(),
                get(ITEMS).origin("http://localhost:3000").authorized(),
                // last: Tomcat closes the connection after a 500
                get("/shop/api/boom").authorized()));

        assertStatus(204, r.get(0));
        assertActualGrant(APP_ORIGIN, r.get(1));
        assertNoCorsHeaders(r.get(2));
        assertNoCorsHeaders(r.get(3));
        assertDenied(r.get(4));
        assertStatus(418, r.get(5));
        assertActualGrant("https://x.trusted.example", r.get(5));
        assertActualGrant("http://localhost:3000", r.get(6));
        assertStatus(500, r.get(7));
        assertNoCorsHeaders(r.get(7));
    }

    @Test
    void failingRequestsLeaveNothingBehindOnTheContainersThreads() {
        // more rounds than the connector has idle threads, so every worker serves an exception first
        for (int i = 0; i < 40; i++) {
            assertStatus(500, send(get("/shop/api/boom").origin(APP_ORIGIN).authorized()));
        }
        for (int i = 0; i < 40; i++) {
            HttpResponse granted = send(get(ITEMS).origin(APP_ORIGIN).authorized());
            assertActualGrant(APP_ORIGIN, granted);
            assertNoCorsHeaders(send(get(ITEMS).origin("https://evil.example").authorized()));
        }
    }

    @Test
    void concurrentRequestsEachGetTheirOwnOrigin() throws Exception {
        List<String> origins = List.of(APP_ORIGIN, "https://evil.example", "https://p.trusted.example", "http://localhost:8081");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String origin = origins.get(i % origins.size());
                results.add(pool.submit(() -> {
                    HttpResponse r = send(get(ITEMS).origin(origin).authorized());
                    List<String> acao = r.headers("Access-Control-Allow-Origin");
                    List<String> expected = origin.contains("evil") ? List.of() : List.of(origin);
                    return acao.equals(expected) && r.status() == 200 ? null : "for " + origin + ":\n" + r;
                }));
            }
            for (Future<String> result : results) {
                String problem = result.get(60, TimeUnit.SECONDS);
                assertEquals(null, problem);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void privateNetworkAccessIsNotGrantedWhenThePolicyDoesNotAllowIt() {
        HttpResponse r = send(preflight(ITEMS, APP_ORIGIN, "GET", null).header("Access-Control-Request-Private-Network", "true"));

        assertNoHeader("Access-Control-Allow-Private-Network", r);
    }

    @Test
    void theAgentWritesNothingToStandardOutput() throws Exception {
        String stdout = app.jvm().stdout();
        assertTrue(!stdout.contains("cors-agent"), () -> "stdout of " + app.jvm().name() + ":\n" + stdout);
        assertTrue(agentLog().contains("[cors-agent]"), "the agent logs to stderr or its cors.log.file (its startup line at least)");
    }

    // ---- helpers ----------------------------------------------------------------------------

    static void assertDenied(HttpResponse r) {
        assertStatus(403, r);
        assertNoCorsHeaders(r);
    }

    /** Access-Control-Allow-Methods names the requested method and nothing outside the policy. */
    static void assertAllowMethods(HttpResponse r, String requested) {
        List<String> methods = new ArrayList<>();
        for (String line : r.headers("Access-Control-Allow-Methods")) {
            for (String m : line.split(",")) {
                methods.add(m.trim());
            }
        }
        assertTrue(methods.contains(requested), () -> "Access-Control-Allow-Methods must name " + requested + "\n" + r);
        assertTrue(POLICY_METHODS.containsAll(methods), () -> "Access-Control-Allow-Methods beyond the policy\n" + r);
    }

    /** {@code count} names, all allowed by the policy, as a browser-style comma list. */
    static String allowedNames(int count) {
        List<String> names = new ArrayList<>();
        List<String> allowed = List.of("authorization", "content-type", "x-requested-with");
        for (int i = 0; i < count; i++) {
            names.add(allowed.get(i % allowed.size()));
        }
        Collections.sort(names);
        return String.join(", ", names);
    }
}
