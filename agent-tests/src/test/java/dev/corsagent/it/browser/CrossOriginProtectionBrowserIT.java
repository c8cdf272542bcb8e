package dev.corsagent.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Cross-origin protection (SPEC rules 7 and 8) as a real browser meets it: Chromium submits a real
 * cross-site form POST (it sends Sec-Fetch-Site) and opens real WebSockets against Tomcat 9's own
 * JSR 356 implementation ({@link ProtectionLauncher}), from a page whose origin the policy does
 * not list, one it lists, and the app's own origin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class CrossOriginProtectionBrowserIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private PageServer trusted;
    private PageServer untrusted;
    private ChildJvm app;
    private int port;
    private Browser browser;

    @BeforeAll
    void start() throws Exception {
        if (!Engine.CHROMIUM.available()) {
            return;
        }
        Path work = Artifacts.workDir("protection-browser");
        trusted = PageServer.start();
        untrusted = PageServer.start();
        Path policy = Policies.write(work, "cors.properties", String.join("\n",
                "cors.paths = /shop/**",
                "cors.allowed-origins = " + trusted.origin(),
                "cors.allowed-methods = GET, POST",
                "cors.cross-origin-protection = enforce",
                "cors.log.level = info", ""));
        port = Ports.free();
        app = ChildJvm.builder("protection-tomcat9").logDir(work).workDir(work)
                .jvmArg(Containers.javaagentOption(policy))
                .classpath(Artifacts.websocketTomcatLibs() + "/*:" + Artifacts.testClasses())
                .mainClass(ProtectionLauncher.class.getName())
                .args(Integer.toString(port))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (submitted() >= 0) break;
            } catch (java.io.IOException starting) {
                if (System.nanoTime() > deadline || !app.isAlive()) throw new AssertionError("the app did not start: " + app.stderr(), starting);
                Thread.sleep(100);
            }
        }
        browser = Engine.CHROMIUM.launch(work.resolve("chromium"));
    }

    @BeforeEach
    void requireChromium() {
        assumeTrue(Engine.CHROMIUM.available(), Engine.CHROMIUM.installHint());
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (app != null) app.close();
        if (trusted != null) trusted.close();
        if (untrusted != null) untrusted.close();
    }

    /** The shop is on localhost, the pages on 127.0.0.1: another site, so Chromium says cross-site. */
    private String shop(String path) {
        return "http://localhost:" + port + path;
    }

    private int submitted() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(shop("/shop/forms/count"))).build(),
                HttpResponse.BodyHandlers.ofString());
        return Integer.parseInt(r.body().trim());
    }

    private void submitFormFrom(String pageUrl) throws Exception {
        Browser.Tab tab = browser.newTab();
        tab.open(pageUrl);
        tab.evaluate("(() => { const f = document.createElement('form'); f.method = 'POST';"
                + " f.action = '" + shop("/shop/forms/submit") + "';"
                + " const i = document.createElement('input'); i.name = 'q'; i.value = '1'; f.appendChild(i);"
                + " document.body.appendChild(f); f.submit(); return true; })()");
    }

    private String openSocketFrom(String pageUrl) throws Exception {
        Browser.Tab tab = browser.newTab();
        tab.open(pageUrl);
        return tab.evaluate("new Promise(resolve => {"
                + " const ws = new WebSocket('ws://localhost:" + port + "/shop/ws/echo');"
                + " ws.onopen = () => ws.send('hi');"
                + " ws.onmessage = e => { resolve('echo:' + e.data); ws.close(); };"
                + " ws.onerror = () => resolve('error');"
                + " setTimeout(() => resolve('timeout'), 10000); })").asText();
    }

    private void awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!app.stderr().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(app.stderr().contains(text), () -> "expected in the agent's log: " + text + "\n" + app.stderr());
    }

    @Test
    void aCrossSiteFormPostFromAnUnlistedOriginIsRefusedAndFromAListedOneGoesThrough() throws Exception {
        int before = submitted();
        submitFormFrom(untrusted.pageUrl());
        awaitLog("cross-origin protection refused POST /shop/forms/submit from " + untrusted.origin()
                + " (policy default): Sec-Fetch-Site is cross-site");
        assertEquals(before, submitted(), "the refused form never reached the app");

        submitFormFrom(trusted.pageUrl());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (submitted() == before && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(before + 1, submitted(), "the listed origin's form reached the app");
    }

    @Test
    void aWebSocketOpensOnlyFromAListedOrTheSameOrigin() throws Exception {
        assertEquals("error", openSocketFrom(untrusted.pageUrl()), "an unlisted origin's socket does not open");
        awaitLog("cross-origin protection refused GET /shop/ws/echo from " + untrusted.origin());
        assertEquals("echo:hi", openSocketFrom(trusted.pageUrl()));
        assertEquals("echo:hi", openSocketFrom(shop("/shop/forms/page")));
    }

    @Test
    void aClientWithoutOriginOpensItsSocket() throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + port + "/shop/ws/echo"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("plain", true);
        assertEquals("plain", echoed.get(10, TimeUnit.SECONDS));
        socket.abort();
    }
}
