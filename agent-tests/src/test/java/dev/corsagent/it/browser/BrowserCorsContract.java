package dev.corsagent.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Policies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a real browser makes of the agent's CORS: a browser engine ({@link #engine()}: Chromium,
 * Firefox or WebKit) loads a page from origin A
 * (listed in the policy) or origin B (not listed), both on 127.0.0.1, and calls the unchanged shop
 * app on localhost with fetch. Only the browser decides here whether the page may read a response;
 * the access log shows which requests (preflights included) it actually sent.
 *
 * <p>One shop, one browser and both pages per container; the policy reload test runs last because
 * it changes the policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BrowserCorsContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ITEM_JSON = "{\"name\":\"desk lamp\",\"quantity\":2}";

    private Path workDir;
    private Path policy;
    private PageServer originA;
    private PageServer originB;
    private ShopServer shop;
    private Browser browser;
    private Browser.Tab tabA;
    private Browser.Tab tabB;

    /** A short name for logs and work directories. */
    abstract String name();

    /** True: the shop serves HTTPS with HTTP/2 (a certificate made at test time, which the engine trusts). */
    boolean https() {
        return false;
    }

    private TestCertificate certificate;

    /** The engine this class runs the contract in; Chromium unless a subclass says otherwise. */
    Engine engine() {
        return Engine.CHROMIUM;
    }

    /** The shop's container, a Tomcat launcher jar or Jetty 12. */
    abstract ShopServer.Container container();

    abstract Path war();

    @BeforeAll
    void startShopBrowserAndPages() throws Exception {
        if (!engine().available()) {
            return; // each test is skipped with the hint (below), so the reports count them as skipped
        }
        workDir = Artifacts.workDir("browser-" + name());
        originA = PageServer.start();
        originB = PageServer.start();
        policy = Policies.write(workDir, "cors.properties", policy(originA.origin()));
        certificate = https() ? TestCertificate.make(workDir.resolve("tls")) : null;
        shop = ShopServer.start("browser-" + name() + "-agent", container(), war(), policy, workDir.resolve("with-agent"),
                keystore());
        browser = engine().launch(workDir.resolve(engine().name().toLowerCase()), certificate);
        tabA = browser.newTab();
        tabA.open(originA.pageUrl());
        tabB = browser.newTab();
        tabB.open(originB.pageUrl());
    }

    @BeforeEach
    void requireTheEngine() {
        assumeTrue(engine().available(), engine().installHint());
    }

    @AfterAll
    void stopAll() {
        if (browser != null) {
            browser.close();
        }
        if (shop != null) {
            shop.close();
        }
        if (originA != null) {
            originA.close();
        }
        if (originB != null) {
            originB.close();
        }
    }

    private static String policy(String... origins) {
        return String.join("\n",
                "# written by the browser tests",
                "cors.policies = wildcard, api",
                "cors.paths = /shop/api/**, /shop/secure/**",
                "cors.allowed-origins = " + String.join(", ", origins),
                "cors.allowed-methods = GET, POST, PUT, DELETE",
                "cors.allowed-headers = Authorization, Content-Type, X-Requested-With",
                "cors.exposed-headers = X-Request-Id",
                "cors.allow-credentials = true",
                "cors.max-age = 600",
                "cors.log.level = debug",
                // for the Authorization rule: * allows any requested header but Authorization
                "cors.policy.wildcard.paths = /shop/api/wildcard/**",
                "cors.policy.wildcard.allowed-headers = *",
                "");
    }

    /**
     * The page's call: a credentialed PUT with a JSON body and the three custom headers, so the
     * browser must send a preflight first.
     */
    private static JsonNode credentialedPut(Browser.Tab tab, String url) throws Exception {
        String init = "{method: 'PUT', credentials: 'include', headers: {"
                + "'Authorization': 'Bearer browser-test', 'Content-Type': 'application/json', "
                + "'X-Requested-With': 'XMLHttpRequest'}, body: " + JSON.writeValueAsString(ITEM_JSON) + "}";
        return tab.evaluate("shopFetch(" + JSON.writeValueAsString(url) + ", " + init + ")");
    }

    @Test
    @Order(1)
    void credentialedJsonPutWithCustomHeadersSucceedsAndOnlyExposedHeadersAreReadable() throws Exception {
        String uri = "/shop/api/items?case=credentialed-put";
        JsonNode result = credentialedPut(tabA, shop.url(uri));

        assertTrue(result.path("ok").asBoolean(), () -> "the browser blocked the PUT: " + result + "\n" + describe());
        assertEquals(200, result.path("status").asInt(), result::toString);
        String body = result.path("body").asText();
        assertTrue(body.contains("\"method\":\"PUT\""), body);
        assertTrue(body.contains("\"bodyLength\":" + ITEM_JSON.length()), body);
        assertFalse(result.path("requestId").isNull(), () -> "X-Request-Id is exposed but the page cannot read it: " + result);
        assertFalse(result.path("requestId").asText().isEmpty(), result::toString);
        assertTrue(result.path("internal").isNull(), () -> "X-Internal is not exposed but the page read it: " + result);

        // the browser really preflighted, and the agent (not the app's filter, which would say 401) answered
        List<String> preflights = shop.awaitLogged("OPTIONS", uri, 1);
        assertEquals(List.of("OPTIONS " + uri + " 204"), preflights, this::describe);
        assertEquals(List.of("PUT " + uri + " 200"), shop.awaitLogged("PUT", uri, 1), this::describe);
        if (https()) { // the engine negotiated h2 by ALPN: the agent's hooks ran on the container's HTTP/2 streams
            for (String method : List.of("OPTIONS", "PUT")) {
                assertEquals(List.of(method + " " + uri + " " + (method.equals("PUT") ? 200 : 204) + " HTTP/2.0"),
                        shop.loggedWithProtocol(method, uri), this::describe);
            }
        }
    }

    private Path keystore() {
        return certificate == null ? null : certificate.keystore;
    }

    @Test
    @Order(2)
    void secondIdenticalRequestRidesThePreflightCache() throws Exception {
        String uri = "/shop/api/items?case=preflight-cache";
        JsonNode first = credentialedPut(tabA, shop.url(uri));
        JsonNode second = credentialedPut(tabA, shop.url(uri));

        assertTrue(first.path("ok").asBoolean(), () -> "first PUT blocked: " + first + "\n" + describe());
        assertTrue(second.path("ok").asBoolean(), () -> "second PUT blocked: " + second + "\n" + describe());
        assertEquals(2, shop.awaitLogged("PUT", uri, 2).size(), this::describe);
        // max-age = 600: the browser reuses the first preflight's answer for the second PUT
        assertEquals(1, shop.logged("OPTIONS", uri).size(), () -> "expected one preflight\n" + describe());
    }

    @Test
    @Order(3)
    void unlistedOriginIsBlocked() throws Exception {
        String uri = "/shop/api/items?case=unlisted-origin";
        JsonNode result = credentialedPut(tabB, shop.url(uri));

        assertBlocked(result);
        // the server did answer: the agent refused the preflight, so the PUT was never sent
        assertEquals(List.of("OPTIONS " + uri + " 403"), shop.awaitLogged("OPTIONS", uri, 1), this::describe);
        assertEquals(List.of(), shop.logged("PUT", uri), this::describe);
    }

    @Test
    @Order(4)
    void samePageIsBlockedWithoutTheAgent() throws Exception {
        try (ShopServer plain = ShopServer.start("browser-" + name() + "-no-agent", container(), war(), null,
                workDir.resolve("without-agent"), keystore())) {
            String uri = "/shop/api/items?case=no-agent";
            JsonNode result = credentialedPut(tabA, plain.url(uri));

            assertBlocked(result);
            // the app's own filter answered the preflight (401, no CORS headers); no PUT followed
            assertEquals(List.of("OPTIONS " + uri + " 401"), plain.awaitLogged("OPTIONS", uri, 1), () -> describe(plain));
            assertEquals(List.of(), plain.logged("PUT", uri));
        }
    }

    @Test
    @Order(6)
    void theContainersOwn401IsReadByThePage() throws Exception {
        // no credentials: the container's BASIC authentication answers 401 with its challenge before the app;
        // the agent's headers on it let the page see the real status instead of a CORS failure
        String uri = "/shop/secure/data?case=container-401";
        JsonNode result = tabA.evaluate("shopFetch(" + JSON.writeValueAsString(shop.url(uri))
                + ", {credentials: 'include'})");
        assertTrue(result.path("ok").asBoolean(), () -> "the page could not read the 401: " + result + "\n" + describe());
        assertEquals(401, result.path("status").asInt(), result::toString);
        assertEquals(List.of("GET " + uri + " 401"), shop.awaitLogged("GET", uri, 1), this::describe);
    }

    @Test
    @Order(7)
    void authorizationMustBeListedByNameNotByTheWildcard() throws Exception {
        // allowed-headers = *: X-Anything passes, Authorization does not (the Fetch standard's rule)
        String other = "/shop/api/wildcard/items?case=wildcard-other";
        JsonNode allowed = tabA.evaluate("shopFetch(" + JSON.writeValueAsString(shop.url(other))
                + ", {method: 'GET', headers: {'X-Anything': '1'}})");
        assertTrue(allowed.path("ok").asBoolean(), () -> "X-Anything under * was blocked: " + allowed + "\n" + describe());
        String auth = "/shop/api/wildcard/items?case=wildcard-authorization";
        JsonNode blocked = tabA.evaluate("shopFetch(" + JSON.writeValueAsString(shop.url(auth))
                + ", {method: 'GET', headers: {'Authorization': 'Bearer browser-test'}})");
        assertBlocked(blocked);
        assertEquals(List.of("OPTIONS " + auth + " 403"), shop.awaitLogged("OPTIONS", auth, 1), this::describe);
        assertEquals(List.of(), shop.logged("GET", auth), this::describe);
    }

    @Test
    @Order(9)
    void policyReloadAllowsOriginBInTheSameBrowserSession() throws Exception {
        JsonNode before = credentialedPut(tabB, shop.url("/shop/api/items?case=reload-before"));
        assertBlocked(before);

        // an atomic rename, as an editor or a config management tool would do it
        Path next = Files.writeString(workDir.resolve("cors.properties.next"),
                policy(originA.origin(), originB.origin()), StandardCharsets.UTF_8);
        Files.move(next, policy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        // the agent re-reads the file every 2 s; a refused preflight is not cached, so each try asks again
        long start = System.nanoTime();
        JsonNode after = null;
        for (int attempt = 1; System.nanoTime() - start < 10_000_000_000L; attempt++) {
            after = credentialedPut(tabB, shop.url("/shop/api/items?case=reload-after-" + attempt));
            if (after.path("ok").asBoolean()) {
                break;
            }
            Thread.sleep(250);
        }
        JsonNode last = after;
        assertNotNull(last);
        assertTrue(last.path("ok").asBoolean(),
                () -> "origin B still blocked 10 s after the policy listed it: " + last + "\n" + describe());
        assertEquals(200, last.path("status").asInt(), last::toString);
        assertFalse(last.path("requestId").isNull(), last::toString);
        assertTrue(last.path("internal").isNull(), last::toString);

        JsonNode stillA = credentialedPut(tabA, shop.url("/shop/api/items?case=reload-origin-a"));
        assertTrue(stillA.path("ok").asBoolean(), () -> "origin A lost access after the reload: " + stillA);
    }

    /** How an engine reports a CORS refusal to the page: fetch rejects with a TypeError, worded its own way. */
    private void assertBlocked(JsonNode result) {
        assertFalse(result.path("ok").asBoolean(), () -> "the browser let the page read the response: " + result);
        assertTrue(result.path("error").asText().contains(engine().blockedMessage), result::toString);
    }

    private String describe() {
        return describe(shop);
    }

    private static String describe(ShopServer server) {
        try {
            return server.describe();
        } catch (IOException e) {
            return "(cannot read the shop's logs: " + e + ")";
        }
    }
}
