package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertNoHeader;
import static dev.corsagent.it.support.CorsAssertions.assertNoToken;
import static dev.corsagent.it.support.CorsAssertions.assertSingleHeader;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.CorsAssertions.assertTokens;
import static dev.corsagent.it.support.CorsAssertions.assertVary;
import static dev.corsagent.it.support.RawHttp.get;
import static dev.corsagent.it.support.RawHttp.preflight;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Several named policies in one file, on embedded Tomcat 10.1 (jakarta): the first policy whose
 * paths match wins; an any-origin policy without credentials; allowed-headers and allowed-methods
 * of {@code *}; preflight-status 200; private network access (on an exact-origin policy: {@code *}
 * with it is refused) and its preflight {@code Vary}; {@code Timing-Allow-Origin} on every response.
 */
class PolicyVariantsIT extends AppPerClass {
    static final String POLICY = String.join("\n",
            "cors.policies = open, partner, fallback",
            "cors.log.level = debug",
            "cors.log.file = ${LOG_FILE}",
            "cors.policy.open.paths = /shop/public/**",
            "cors.policy.open.allowed-origins = *",
            "cors.policy.open.allowed-methods = GET",
            "cors.policy.open.allowed-headers = *",
            "cors.policy.open.preflight-status = 200",
            "cors.policy.partner.paths = /shop/api/**",
            "cors.policy.partner.allowed-origins = https://partner.example",
            "cors.policy.partner.allowed-methods = *",
            "cors.policy.partner.allowed-headers = *",
            "cors.policy.partner.exposed-headers = X-Request-Id, X-Internal",
            "cors.policy.partner.allow-private-network = true",
            "cors.policy.partner.timing-allow-origin = https://rum.example, " + "https://partner.example",
            "cors.policy.fallback.paths = /**",
            "cors.policy.fallback.allowed-origins = https://fallback.example",
            "");
    static final String PARTNER = "https://partner.example";

    private Path logFile;

    @Override
    RunningApp startApp(Path work) throws Exception {
        logFile = work.resolve("agent.log");
        Path policy = Policies.write(work, "cors.properties", POLICY.replace("${LOG_FILE}", logFile.toString()));
        return Containers.embeddedTomcat10("policy-variants-tomcat10", policy, work);
    }

    @Test
    void theLogGoesToTheConfiguredFileInsteadOfStderr() throws Exception {
        app.send(get("/shop/api/items").origin("https://log-probe.example").authorized());

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!(Files.exists(logFile) && Files.readString(logFile).contains("https://log-probe.example"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(logFile) && Files.readString(logFile).contains("https://log-probe.example"),
                () -> "the decision (debug) must be logged to " + logFile);
        assertTrue(!app.jvm().stderr().contains("[cors-agent]"), () -> "nothing of the agent on stderr:\n" + app.jvm().stderr());
    }

    @Test
    void anyOriginPolicySendsStarToEveryOriginWithoutVaryOrigin() {
        HttpResponse r = app.send(get("/shop/public/hello").origin("https://random.example"));

        assertStatus(200, r);
        assertSingleHeader("Access-Control-Allow-Origin", "*", r);
        assertNoHeader("Access-Control-Allow-Credentials", r);
        assertNoToken("Vary", "Origin", r);
    }

    @Test
    void anyOriginPolicySendsStarWithoutOriginToo() {
        HttpResponse r = app.send(get("/shop/public/hello"));

        assertStatus(200, r);
        assertSingleHeader("Access-Control-Allow-Origin", "*", r);
        assertNoToken("Vary", "Origin", r);
    }

    @Test
    void anyOriginPreflightUsesStatus200AndListsTheHeaders() {
        HttpResponse r = app.send(preflight("/shop/public/hello", "https://random.example", "GET", "x-foo, x-bar"));

        assertStatus(200, r);
        assertSingleHeader("Access-Control-Allow-Origin", "*", r);
        assertTokens("Access-Control-Allow-Headers", r, "x-foo", "x-bar");
        assertNoToken("Access-Control-Allow-Headers", "*", r);
        assertNoHeader("Timing-Allow-Origin", r); // not set on this policy
    }

    @Test
    void privateNetworkPreflightIsGrantedAndItsVaryNamesTheRequestHeader() {
        HttpResponse r = app.send(preflight("/shop/api/items", PARTNER, "GET", "x-foo")
                .header("Access-Control-Request-Private-Network", "true"));

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", PARTNER, r);
        assertSingleHeader("Access-Control-Allow-Private-Network", "true", r);
        assertVary(r, "Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers",
                "Access-Control-Request-Private-Network");
    }

    @Test
    void timingAllowOriginIsOnEveryResponseOfThePolicyWhateverTheDecision() {
        String tao = "https://rum.example, https://partner.example";
        // an <img> or <script> sends no Origin; without credentials container authentication answers
        HttpResponse noOrigin = app.send(get("/shop/api/items"));
        assertSingleHeader("Timing-Allow-Origin", tao, noOrigin);
        HttpResponse allowed = app.send(get("/shop/api/items").origin(PARTNER).authorized());
        assertStatus(200, allowed);
        assertSingleHeader("Timing-Allow-Origin", tao, allowed);
        HttpResponse other = app.send(get("/shop/api/items").origin("https://random.example").authorized());
        assertStatus(200, other);
        assertNoCorsHeaders(other);
        assertSingleHeader("Timing-Allow-Origin", tao, other);
        HttpResponse denied = app.send(preflight("/shop/api/items", "https://random.example", "GET", "x-foo"));
        assertDenied(denied);
        assertSingleHeader("Timing-Allow-Origin", tao, denied);
        HttpResponse granted = app.send(preflight("/shop/api/items", PARTNER, "PUT", "x-foo"));
        assertStatus(204, granted);
        assertSingleHeader("Timing-Allow-Origin", tao, granted);
        // another policy's paths get none
        assertNoHeader("Timing-Allow-Origin", app.send(get("/shop/stats").origin("https://fallback.example")));
    }

    @Test
    void thePoliciesTimingAllowOriginReplacesTheAppsOwn() {
        // the servlet sets Timing-Allow-Origin: * itself; the commit must leave one line, the policy's
        HttpResponse r = app.send(get("/shop/api/legacy-cors").origin(PARTNER).authorized());
        assertStatus(200, r);
        assertSingleHeader("Access-Control-Allow-Origin", PARTNER, r);
        assertSingleHeader("Timing-Allow-Origin", "https://rum.example, https://partner.example", r);
    }

    @Test
    void starHeadersNeverCoverAuthorization() {
        assertDenied(app.send(preflight("/shop/public/hello", "https://random.example", "GET", "authorization")));
        assertDenied(app.send(preflight("/shop/api/items", PARTNER, "GET", "x-trace, authorization")));
    }

    @Test
    void starMethodsAndHeadersAllowAnyOther() {
        HttpResponse r = app.send(preflight("/shop/api/items", PARTNER, "PATCH", "x-anything"));

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", PARTNER, r);
        // the method itself or "*" (valid without credentials) both let the browser send PATCH
        assertTrue(r.headers("Access-Control-Allow-Methods").stream()
                        .flatMap(line -> Stream.of(line.split(","))).map(String::trim)
                        .anyMatch(m -> m.equals("PATCH") || m.equals("*")),
                () -> "PATCH must be allowed\n" + r);
        assertTokens("Access-Control-Allow-Headers", r, "x-anything");
        assertNoHeader("Access-Control-Allow-Private-Network", r);
    }

    @Test
    void uncredentialedPolicyEchoesTheOriginWithoutCredentials() {
        HttpResponse r = app.send(get("/shop/api/items").origin(PARTNER).authorized());

        assertStatus(200, r);
        assertSingleHeader("Access-Control-Allow-Origin", PARTNER, r);
        assertNoHeader("Access-Control-Allow-Credentials", r);
        assertTokens("Access-Control-Expose-Headers", r, "X-Request-Id", "X-Internal");
        assertVary(r, "Accept-Encoding", "Origin");
    }

    @Test
    void theFirstPolicyWhosePathsMatchWins() {
        // /shop/api/** belongs to "partner", so the later catch-all's origin gets nothing there
        HttpResponse api = app.send(get("/shop/api/items").origin("https://fallback.example").authorized());
        assertStatus(200, api);
        assertNoCorsHeaders(api);

        HttpResponse stats = app.send(get("/shop/stats").origin("https://fallback.example"));
        assertStatus(200, stats);
        assertSingleHeader("Access-Control-Allow-Origin", "https://fallback.example", stats);
    }

    private static void assertDenied(HttpResponse r) {
        assertStatus(403, r);
        assertNoCorsHeaders(r);
    }
}
