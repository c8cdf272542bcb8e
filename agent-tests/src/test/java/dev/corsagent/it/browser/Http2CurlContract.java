package dev.corsagent.it.browser;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertNoToken;
import static dev.corsagent.it.support.CorsAssertions.assertSingleHeader;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.CorsAssertions.assertTokens;
import static dev.corsagent.it.support.CorsAssertions.assertVary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Curl;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP-level vectors over HTTPS with HTTP/2, sent by {@code curl --http2} (nghttp2) to the shop
 * with the agent, on the same TLS + h2 containers the browser tests use. Every response must have
 * come over h2 ({@code %{http_version}} is 2), where header names travel in lower case: the
 * assertions compare names case-insensitively. The policy is the shared contract's
 * ({@link Policies#CONTRACT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Http2CurlContract {
    private static final String APP_ORIGIN = "https://app.example.com";
    private static final String ITEMS = "/shop/api/items";
    private static final String BEARER = "Authorization: Bearer it-token";

    private ShopServer shop;
    private Curl curl;

    abstract String name();

    abstract ShopServer.Container container();

    abstract Path war();

    @BeforeAll
    void startTheShop() throws Exception {
        if (Curl.unavailableReason() != null) {
            return; // each test is skipped with the reason (below)
        }
        Path workDir = Artifacts.workDir("h2-curl-" + name());
        TestCertificate certificate = TestCertificate.make(workDir.resolve("tls"));
        Path policy = Policies.write(workDir, "cors.properties", Policies.CONTRACT);
        shop = ShopServer.start("h2-curl-" + name(), container(), war(), policy, workDir.resolve("shop"),
                certificate.keystore);
        curl = new Curl(certificate.pem, workDir);
    }

    @BeforeEach
    void requireCurlWithHttp2() {
        String reason = Curl.unavailableReason();
        assumeTrue(reason == null, reason);
    }

    @AfterAll
    void stopTheShop() {
        if (shop != null) {
            shop.close();
        }
    }

    /** Sends with curl --http2 and checks the answer came over HTTP/2. */
    private HttpResponse send(String method, String path, String... headers) throws Exception {
        Curl.Result result = curl.send(method, shop.url(path), List.of(headers));
        assertEquals("2", result.httpVersion, () -> "curl did not speak HTTP/2\n" + result.response);
        return result.response;
    }

    private static String[] preflightHeaders(String origin, String method, String requestHeaders) {
        List<String> lines = new ArrayList<>(List.of("Origin: " + origin, "Access-Control-Request-Method: " + method));
        if (requestHeaders != null) {
            lines.add("Access-Control-Request-Headers: " + requestHeaders);
        }
        return lines.toArray(new String[0]);
    }

    /** The Access-Control-* names of a response, lower-cased, each once. */
    private static Set<String> corsNames(HttpResponse r) {
        Set<String> names = new TreeSet<>();
        for (String name : r.headerNamesStartingWith("Access-Control-")) {
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return names;
    }

    @Test
    void allowedPreflightCarriesEveryGrantHeaderAndVary() throws Exception {
        HttpResponse r = send("OPTIONS", ITEMS, preflightHeaders(APP_ORIGIN, "PUT", "authorization, content-type"));

        assertStatus(204, r);
        assertEquals(Set.of("access-control-allow-credentials", "access-control-allow-headers",
                "access-control-allow-methods", "access-control-allow-origin", "access-control-max-age"),
                corsNames(r), r::toString);
        assertSingleHeader("Access-Control-Allow-Origin", APP_ORIGIN, r);
        assertSingleHeader("Access-Control-Allow-Credentials", "true", r);
        assertTokens("Access-Control-Allow-Methods", r, "PUT");
        assertTokens("Access-Control-Allow-Headers", r, "Authorization", "Content-Type");
        assertNoToken("Access-Control-Allow-Headers", "*", r);
        assertSingleHeader("Access-Control-Max-Age", "600", r);
        assertVary(r, "Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers");
    }

    @Test
    void deniedPreflightIs403WithoutAccessControlHeaders() throws Exception {
        HttpResponse r = send("OPTIONS", ITEMS, preflightHeaders("https://evil.example", "PUT", "authorization"));

        assertStatus(403, r);
        assertNoCorsHeaders(r);
    }

    @Test
    void allowedActualRequestGetsTheGrantAndTheAppsVaryIsMerged() throws Exception {
        HttpResponse r = send("GET", ITEMS, "Origin: " + APP_ORIGIN, BEARER, "Accept-Encoding: gzip");

        assertStatus(200, r);
        assertActualGrant(APP_ORIGIN, r);
        assertNotNull(r.header("X-Request-Id"), () -> "the app's own header must stay\n" + r);
        assertVary(r, "Accept-Encoding", "Origin");
    }

    @Test
    void containerAuthentication401CarriesTheGrant() throws Exception {
        HttpResponse r = send("GET", "/shop/secure/data", "Origin: " + APP_ORIGIN);

        assertStatus(401, r);
        String challenge = r.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Basic"), () -> "the container's BASIC challenge expected\n" + r);
        assertSingleHeader("Access-Control-Allow-Origin", APP_ORIGIN, r);
        assertSingleHeader("Access-Control-Allow-Credentials", "true", r);
        assertVary(r, "Origin");
    }

    @Test
    void twoOriginFieldsAreNeverGranted() throws Exception {
        HttpResponse preflight = send("OPTIONS", ITEMS, "Origin: " + APP_ORIGIN, "Origin: " + APP_ORIGIN,
                "Access-Control-Request-Method: GET");
        assertNoCorsHeaders(preflight);
        assertTrue(preflight.status() >= 400, () -> "a preflight with two Origin fields must not succeed\n" + preflight);

        HttpResponse actual = send("GET", ITEMS, "Origin: " + APP_ORIGIN, "Origin: https://x.trusted.example", BEARER);
        assertStatus(200, actual);
        assertNoCorsHeaders(actual);
    }

    @ParameterizedTest(name = "malformed Origin over h2: {0}")
    @ValueSource(strings = {"https://app.example.com/", "HTTPS://APP.EXAMPLE.COM", "https://app.example.com:443",
            "null", "https://app.example.com, https://x.trusted.example"})
    void malformedOriginIsNeverGranted(String origin) throws Exception {
        HttpResponse preflight = send("OPTIONS", ITEMS, preflightHeaders(origin, "GET", null));
        assertStatus(403, preflight);
        assertNoCorsHeaders(preflight);

        HttpResponse actual = send("GET", ITEMS, "Origin: " + origin, BEARER);
        assertStatus(200, actual);
        assertNoCorsHeaders(actual);
    }
}
