package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.RawHttp.get;
import static dev.corsagent.it.support.RawHttp.preflight;
import static dev.corsagent.it.support.RawHttp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-origin protection (SPEC rules 7 and 8, issue 16) in a real container with the real agent:
 * a state-changing request or WebSocket handshake from an origin the policy does not trust is
 * answered 403 before the app and before container authentication; everything else reaches the app
 * as before. Each subclass starts one container family under {@link #POLICY}.
 */
abstract class CrossOriginProtectionContract extends AppPerClass {
    static final String APP_ORIGIN = "https://app.example.com";
    static final String EVIL = "https://evil.example";
    static final String ITEMS = "/shop/api/items";

    static final String POLICY = String.join("\n",
            "# written by the integration tests: cross-origin protection",
            "cors.policies = exempt, trial, open, shop",
            "cors.paths = /shop/api/**, /shop/secure/**",
            "cors.allowed-origins = https://app.example.com, https://*.trusted.example",
            "cors.allowed-methods = GET, POST, PUT, DELETE",
            "cors.allowed-headers = Authorization, Content-Type",
            "cors.exposed-headers = X-Request-Id",
            "cors.allow-credentials = true",
            "cors.cross-origin-protection = enforce",
            "cors.log.level = info",
            "# an exemption: a payment provider posts its callback here",
            "cors.policy.exempt.paths = /shop/api/teapot",
            "cors.policy.exempt.cross-origin-protection = off",
            "# trying it on live traffic first",
            "cors.policy.trial.paths = /shop/api/reset",
            "cors.policy.trial.cross-origin-protection = report-only",
            "# any origin may read, none is trusted to change state: only same-origin posts pass",
            "cors.policy.open.paths = /shop/api/boom",
            "cors.policy.open.allowed-origins = *",
            "cors.policy.open.allow-credentials = false",
            "");

    /** Starts the shop app under {@code policy}; files of the run go to {@code workDir}. */
    abstract RunningApp start(Path policy, Path workDir) throws Exception;

    @Override
    RunningApp startApp(Path work) throws Exception {
        return start(Policies.write(work, "cors.properties", POLICY), work);
    }

    /** What the agent logged: its stderr, unless the subclass pointed cors.log.file elsewhere (WildFly). */
    String agentLog() throws java.io.IOException {
        return app.jvm().stderr();
    }

    HttpResponse send(RawHttp request) {
        return app.send(request);
    }

    /** The server's own origin as the test client reaches it (RawHttp sends Host localhost:port). */
    String ownOrigin() {
        return "http://localhost:" + app.port();
    }

    static RawHttp post(String target) {
        return request("POST", target).authorized().body("application/x-www-form-urlencoded", "name=tea");
    }

    /** Waits up to 5 s for the agent's log to hold {@code line} (stderr is read as the child writes it). */
    void assertLogged(String line) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!agentLog().contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String log = agentLog();
        assertTrue(log.contains(line), () -> "expected in the agent's log: " + line + "\n" + log);
    }

    // ---- rule 7: state-changing requests --------------------------------------------------------

    @ParameterizedTest(name = "Sec-Fetch-Site: {0} from an unlisted origin is refused")
    @ValueSource(strings = {"cross-site", "same-site"})
    void aCrossSiteFormPostFromAnUnlistedOriginIsRefusedBeforeTheApp(String fetchSite) throws Exception {
        int before = app.filterRequests();
        HttpResponse r = send(post(ITEMS).origin(EVIL).header("Sec-Fetch-Site", fetchSite));
        assertStatus(403, r);
        assertNoCorsHeaders(r);
        assertEquals(before, app.filterRequests(), "the app's filter must not see a refused request");
        assertLogged("cross-origin protection refused POST " + ITEMS + " from " + EVIL
                + " (policy shop): Sec-Fetch-Site is " + fetchSite);
    }

    @Test
    void otherStateChangingMethodsAreRefusedToo() {
        int before = app.filterRequests();
        assertStatus(403, send(request("PUT", ITEMS).authorized().origin(EVIL).header("Sec-Fetch-Site", "cross-site")));
        assertStatus(403, send(request("DELETE", ITEMS).authorized().origin(EVIL).header("Sec-Fetch-Site", "cross-site")));
        assertEquals(before, app.filterRequests());
    }

    @ParameterizedTest(name = "trusted origin {0}")
    @ValueSource(strings = {APP_ORIGIN, "https://a.b.trusted.example"})
    void aCrossSitePostFromAnAllowedOriginGoesThroughWithItsGrant(String origin) {
        HttpResponse r = send(post(ITEMS).origin(origin).header("Sec-Fetch-Site", "cross-site"));
        assertStatus(200, r);
        assertActualGrant(origin, r);
    }

    @Test
    void sameOriginRequestsAndTheUsersOwnNavigationPass() {
        assertStatus(200, send(post(ITEMS).origin(ownOrigin()).header("Sec-Fetch-Site", "same-origin")));
        assertStatus(200, send(post(ITEMS).header("Sec-Fetch-Site", "none")));
    }

    @Test
    void withoutFetchMetadataTheOriginIsComparedWithTheHost() {
        assertStatus(200, send(post(ITEMS))); // neither Sec-Fetch-Site nor Origin: not a browser
        assertStatus(200, send(post(ITEMS).origin(ownOrigin()))); // Origin is this server (its Host)
        assertStatus(200, send(post(ITEMS).origin(APP_ORIGIN))); // an allowed origin
        int before = app.filterRequests();
        assertStatus(403, send(post(ITEMS).origin(EVIL)));
        assertStatus(403, send(post(ITEMS).origin("null")));
        assertStatus(403, send(post(ITEMS).origin("http://localhost:1"))); // same host, another port
        assertEquals(before, app.filterRequests());
    }

    @Test
    void getHeadAndOptionsAlwaysPass() {
        HttpResponse r = send(get(ITEMS).authorized().origin(EVIL).header("Sec-Fetch-Site", "cross-site"));
        assertStatus(200, r);
        assertNoCorsHeaders(r);
        assertStatus(200, send(request("HEAD", ITEMS).authorized().origin(EVIL).header("Sec-Fetch-Site", "cross-site")));
        assertStatus(204, send(preflight(ITEMS, APP_ORIGIN, "POST", "content-type").header("Sec-Fetch-Site", "cross-site")));
    }

    @Test
    void refusedBeforeContainerAuthentication() {
        HttpResponse refused = send(request("POST", "/shop/secure/data").origin(EVIL).header("Sec-Fetch-Site", "cross-site")
                .body("text/plain", "x"));
        assertStatus(403, refused);
        assertNoCorsHeaders(refused);
        // from an allowed origin the container's own BASIC challenge answers, with the grant
        HttpResponse challenged = send(request("POST", "/shop/secure/data").origin(APP_ORIGIN)
                .header("Sec-Fetch-Site", "cross-site").body("text/plain", "x"));
        assertStatus(401, challenged);
        assertActualGrant(APP_ORIGIN, challenged);
    }

    @Test
    void anAnyOriginPolicyTrustsOnlyItsOwnOrigin() {
        int before = app.filterRequests();
        HttpResponse refused = send(post("/shop/api/boom").origin(APP_ORIGIN).header("Sec-Fetch-Site", "cross-site"));
        assertStatus(403, refused);
        assertNoCorsHeaders(refused);
        assertEquals(before, app.filterRequests());
        // the app's own page passes (and the app answers as it does: a 500 from BoomServlet)
        assertNotEquals(403, send(post("/shop/api/boom").origin(ownOrigin()).header("Sec-Fetch-Site", "same-origin"))
                .status());
        assertTrue(app.filterRequests() > before);
    }

    @Test
    void anExemptPathIsAPolicyOfItsOwnWithProtectionOff() {
        HttpResponse r = send(post("/shop/api/teapot").origin(EVIL).header("Sec-Fetch-Site", "cross-site"));
        assertStatus(418, r);
        assertNoCorsHeaders(r);
    }

    @Test
    void reportOnlyLogsTheRefusalAndLetsTheRequestThrough() throws Exception {
        HttpResponse r = send(post("/shop/api/reset").origin(EVIL).header("Sec-Fetch-Site", "cross-site"));
        assertNotEquals(403, r.status(), r::toString);
        assertLogged("cross-origin protection would refuse (report-only, let through) POST /shop/api/reset from "
                + EVIL + " (policy trial)");
    }

    // ---- rule 8: WebSocket handshakes ---------------------------------------------------------

    static RawHttp handshake(String target) {
        return get(target).authorized().header("Connection", "Upgrade, close").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    }

    @ParameterizedTest(name = "WebSocket handshake from {0} is refused")
    @ValueSource(strings = {EVIL, "null", "https://localhost"})
    void aWebSocketHandshakeFromAForeignOrNullOriginIsRefusedBeforeTheUpgrade(String origin) {
        int before = app.filterRequests();
        HttpResponse r = send(handshake(ITEMS).origin(origin));
        assertStatus(403, r);
        assertNoCorsHeaders(r);
        assertEquals(before, app.filterRequests());
    }

    @Test
    void aWebSocketHandshakeFromItsOwnOriginAnAllowedOneOrNoBrowserReachesTheApp() {
        for (RawHttp handshake : new RawHttp[] {handshake(ITEMS).origin(ownOrigin()), handshake(ITEMS).origin(APP_ORIGIN),
                handshake(ITEMS)}) {
            int before = app.filterRequests();
            HttpResponse r = send(handshake);
            assertNotEquals(403, r.status(), r::toString);
            assertTrue(app.filterRequests() > before, "the app saw the handshake");
        }
    }
}
