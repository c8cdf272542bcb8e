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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.Ports;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Spring Boot executable fat jar ({@code sample-apps/spring-boot2}, {@code spring-boot3}) started as
 * an operator does: {@code java -javaagent:cors-agent.jar=policy -jar app.jar --server.port=N}, under
 * {@link Policies#CONTRACT}. The app has no CORS code and no Spring CORS configuration; Spring
 * Security asks for HTTP BASIC on /shop/api/**, so every unauthenticated request there, a preflight
 * included, gets Spring Security's 401 unless the agent answers first (without the agent a preflight
 * ends as 403 "Invalid CORS request": Spring MVC treats the 401's /error dispatch as a preflight it
 * has no CORS configuration for; checked by hand on both Boot versions). Spring Security writes
 * {@code X-Content-Type-Options} on every response it handles: a response without it never
 * reached the app.
 */
abstract class SpringBootContract extends AppPerClass {
    static final String APP_ORIGIN = "https://app.example.com";
    static final String ITEMS = "/shop/api/items";

    /** The system property (set by the failsafe configuration) naming the fat jar under test. */
    abstract String fatJarProperty();

    /**
     * The labels of the embedded server's entry and commit hooks, as the agent's "hooked ..." log
     * lines start: the server's own hooks, not the generic filter-chain fallback.
     */
    String[] expectedHooks() {
        return new String[] {"Tomcat request entry", "Tomcat response commit"};
    }

    @Override
    RunningApp startApp(Path work) throws Exception {
        Path policy = Policies.write(work, "cors.properties", Policies.CONTRACT);
        int port = Ports.free();
        ChildJvm jvm = ChildJvm.builder(getClass().getSimpleName())
                .logDir(work)
                .workDir(work)
                .jvmArg("-Xmx512m") // the machine is shared; the shop needs far less
                .jvmArg(Containers.javaagentOption(policy))
                .jar(fatJar())
                .args("--server.port=" + port)
                .start();
        return new RunningApp(jvm, port).awaitServing();
    }

    private Path fatJar() {
        String value = System.getProperty(fatJarProperty());
        assertNotNull(value, () -> "system property " + fatJarProperty() + " is not set; run through Maven (mvn -B verify)");
        Path jar = Paths.get(value).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), () -> jar + " does not exist; build the reactor first (mvn -B verify)");
        return jar;
    }

    HttpResponse send(RawHttp request) {
        return app.send(request);
    }

    static void assertNotSeenBySpringSecurity(HttpResponse r) {
        assertNoHeader("WWW-Authenticate", r);
        assertNoHeader("X-Content-Type-Options", r);
    }

    // ---- preflights -------------------------------------------------------------------------

    @ParameterizedTest(name = "allowed preflight from {0}")
    @ValueSource(strings = {APP_ORIGIN, "https://a.b.trusted.example", "http://localhost:5173"})
    void allowedPreflightIsAnsweredBeforeSpringSecurity(String origin) {
        HttpResponse r = send(preflight(ITEMS, origin, "PUT", "authorization, content-type"));

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", origin, r);
        assertSingleHeader("Access-Control-Allow-Credentials", "true", r);
        assertTokens("Access-Control-Allow-Methods", r, "PUT");
        assertNoToken("Access-Control-Allow-Methods", "PATCH", r);
        assertTokens("Access-Control-Allow-Headers", r, "Authorization", "Content-Type");
        assertSingleHeader("Access-Control-Max-Age", "600", r);
        assertVary(r, "Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers");
        assertNotSeenBySpringSecurity(r);
    }

    @Test
    void withoutOriginTheSameOptionsRequestGetsSpringSecuritys401() {
        // not CORS, so the agent leaves it to the app: shows the 204 above is the agent's, not Spring's
        HttpResponse r = send(options(ITEMS).header("Access-Control-Request-Method", "PUT"));

        assertStatus(401, r);
        assertBasicChallenge(r);
        assertNoCorsHeaders(r);
        assertVary(r, "Origin");
    }

    @ParameterizedTest(name = "denied preflight: {0}")
    @CsvSource({
            "unlisted origin, https://evil.example, GET, authorization",
            "allowed origin on another port, https://app.example.com:8443, GET, authorization",
            "disallowed method, https://app.example.com, PATCH, authorization",
            "one disallowed header, https://app.example.com, PUT, authorization x-evil"})
    void deniedPreflightIs403WithoutCorsHeadersAndNeverReachesSpringSecurity(String why, String origin, String method,
            String headers) {
        HttpResponse r = send(preflight(ITEMS, origin, method, headers.replace(' ', ',')));

        assertStatus(403, r);
        assertNoCorsHeaders(r);
        assertNotSeenBySpringSecurity(r);
    }

    // ---- actual requests --------------------------------------------------------------------

    @Test
    void authenticatedGetFromAnAllowedOriginGetsTheGrantAndKeepsTheAppsVary() {
        HttpResponse r = send(get(ITEMS).origin(APP_ORIGIN).basicAuth("alice", "secret"));

        assertStatus(200, r);
        assertActualGrant(APP_ORIGIN, r);
        assertNotNull(r.header("X-Request-Id"), () -> "the app's own header must stay\n" + r);
        assertVary(r, "Accept-Encoding", "Origin");
    }

    @Test
    void authenticatedPostWithJsonFromAnAllowedOriginGetsTheGrant() {
        HttpResponse r = send(RawHttp.request("POST", ITEMS).origin("https://x.trusted.example")
                .basicAuth("alice", "secret").body("application/json", "{\"name\":\"it\"}"));

        assertStatus(200, r);
        assertTrue(r.body().contains("\"method\":\"POST\""), () -> "served by the controller\n" + r);
        assertActualGrant("https://x.trusted.example", r);
    }

    @Test
    void getFromAnUnlistedOriginReachesTheAppWithoutCorsHeaders() {
        HttpResponse r = send(get(ITEMS).origin("https://evil.example").basicAuth("alice", "secret"));

        assertStatus(200, r);
        assertNoCorsHeaders(r);
        assertVary(r, "Accept-Encoding", "Origin");
    }

    @Test
    void springSecuritys401CarriesTheGrant() {
        HttpResponse r = send(get(ITEMS).origin(APP_ORIGIN));

        assertStatus(401, r);
        assertBasicChallenge(r);
        assertActualGrant(APP_ORIGIN, r);
    }

    @Test
    void wrongCredentials401CarriesTheGrant() {
        HttpResponse r = send(get(ITEMS).origin(APP_ORIGIN).basicAuth("alice", "wrong"));

        assertStatus(401, r);
        assertActualGrant(APP_ORIGIN, r);
    }

    @Test
    void bootsErrorPageFor500CarriesTheGrant() {
        HttpResponse r = send(get("/shop/api/boom").origin(APP_ORIGIN).basicAuth("alice", "secret"));

        assertStatus(500, r);
        assertTrue(r.body().contains("\"status\":500"), () -> "Spring Boot's /error answer expected\n" + r);
        assertActualGrant(APP_ORIGIN, r);
    }

    @Test
    void theAppsOwnAllowOriginStarIsReplacedByThePolicy() {
        HttpResponse r = send(get("/shop/api/legacy-cors").origin(APP_ORIGIN).basicAuth("alice", "secret"));

        assertStatus(200, r);
        assertActualGrant(APP_ORIGIN, r);
    }

    @Test
    void theAppsOwnAllowOriginStarIsDroppedForAnUnlistedOrigin() {
        HttpResponse r = send(get("/shop/api/legacy-cors").origin("https://evil.example").basicAuth("alice", "secret"));

        assertStatus(200, r);
        assertNoCorsHeaders(r);
    }

    @Test
    void uncoveredPathIsUntouchedExceptVary() {
        HttpResponse r = send(get("/shop/public/hello").origin(APP_ORIGIN));

        assertStatus(200, r);
        assertNoCorsHeaders(r);
        assertVary(r, "Origin");
    }

    @Test
    void theAgentHookedTheEmbeddedServerInsideTheFatJarAndWroteNothingToStandardOutput() {
        String stderr = app.jvm().stderr();
        // the server's hooks (entry before Spring Security's filter, commit), not the generic filter-chain fallback
        for (String hook : expectedHooks()) {
            assertTrue(stderr.contains("hooked " + hook), () -> "no 'hooked " + hook + "' line; stderr:\n" + stderr);
        }
        String stdout = app.jvm().stdout();
        assertTrue(!stdout.contains("cors-agent"), () -> "stdout:\n" + stdout);
    }

    static void assertBasicChallenge(HttpResponse r) {
        String challenge = r.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Basic"), () -> "Spring Security's BASIC challenge expected\n" + r);
    }
}
