package dev.corsagent.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo's CORS playground, driven the way a person would use it, in each engine: its page (origin
 * {@code http://localhost:PLAYGROUND}) sends one allowed and one denied request to the shop, and
 * each result card must tell the truth: the browser's verdict, the headers the shop really sent,
 * and the agent's own {@code check} reason.
 */
class PlaygroundBrowserIT {
    private static final String POLICY = String.join("\n",
            "cors.paths = /shop/api/**",
            "cors.allowed-origins = http://localhost:*",
            "cors.allowed-methods = GET, POST, PUT, DELETE",
            "cors.allowed-headers = Authorization, Content-Type, X-Requested-With",
            "cors.exposed-headers = X-Request-Id",
            "cors.allow-credentials = true",
            "cors.max-age = 600",
            "");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void demoShowsOneAllowedAndOneDeniedRequestWithTheAgentsReason(Engine engine) throws Exception {
        assumeTrue(engine.driverAvailable(), engine.installHint());
        Path workDir = Artifacts.workDir("browser-playground-" + engine.name().toLowerCase());
        Path policy = Policies.write(workDir, "cors.properties", POLICY);
        int playgroundPort = Ports.free();
        try (ShopServer shop = ShopServer.start("playground-shop", Artifacts.tomcat9Launcher(), Artifacts.javaxWar(),
                     policy, workDir.resolve("shop"));
             ChildJvm playground = ChildJvm.builder("playground").logDir(workDir).workDir(workDir)
                     .jar(playgroundJar())
                     .args("--port", Integer.toString(playgroundPort), "--target", shop.url(""),
                             "--policy", policy.toString(), "--agent-jar", Artifacts.agentJar().toString(),
                             "--java", ChildJvm.javaExecutable().toString())
                     .start();
             Browser browser = engine.launchDriver(workDir.resolve(engine.name().toLowerCase()))) {
            awaitLine(playground, "playground on http://localhost:" + playgroundPort + "/");
            Browser.Tab tab = browser.newTab();
            tab.open("http://localhost:" + playgroundPort + "/?demo");

            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!"true".equals(tab.evaluate("document.body.dataset.demoDone || ''").asText())) {
                assertTrue(System.nanoTime() < deadline, () -> "the playground demo did not finish\n" + playground.describe());
                Thread.sleep(200);
            }
            JsonNode cards = tab.evaluate("[...document.querySelectorAll('.card')]"
                    + ".map(card => ({state: card.className, text: card.innerText}))");
            assertEquals(2, cards.size(), cards::toString);

            JsonNode allowed = cards.get(0);
            String allowedText = allowed.path("text").asText();
            assertEquals("card allowed", allowed.path("state").asText(), allowedText);
            assertTrue(allowedText.contains("ALLOWED: the page read status 200"), allowedText);
            assertTrue(allowedText.contains("x-request-id: "), "the exposed header is readable: " + allowedText);
            assertTrue(allowedText.contains("sent by the shop, hidden from this page\nX-Internal: not-exposed"), allowedText);
            assertTrue(allowedText.contains("OPTIONS → HTTP/1.1 204"), allowedText);
            assertTrue(allowedText.contains("check (allowed)"), allowedText);
            assertTrue(allowedText.contains("decision: allowed"), allowedText);

            JsonNode denied = cards.get(1);
            String deniedText = denied.path("text").asText();
            assertEquals("card blocked", denied.path("state").asText(), deniedText);
            assertTrue(deniedText.contains("BLOCKED by the browser: TypeError: " + engine.blockedMessage), deniedText);
            assertTrue(deniedText.contains("OPTIONS → HTTP/1.1 403"), deniedText);
            assertTrue(deniedText.contains("never sent the actual request"), deniedText);
            assertTrue(deniedText.contains("check (denied)"), deniedText);
            assertTrue(deniedText.contains("'x-debug' is not in allowed-headers"), deniedText);
            // two PUTs, both for the allowed card: the browser's and the playground's replay; a refused
            // preflight stops the replay too, as it stops the browser
            assertEquals(2, shop.awaitLogged("PUT", "/shop/api/items", 2).size(), shop.describe());
            assertEquals(4, shop.awaitLogged("OPTIONS", "/shop/api/items", 4).size(), shop.describe());
        }
    }

    private static Path playgroundJar() {
        String jar = System.getProperty("playground.jar", "");
        assumeTrue(!jar.isBlank(), "run through Maven (mvn -B verify): playground.jar is not set");
        Path path = Paths.get(jar).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " does not exist; build the reactor first (mvn -B verify)");
        }
        return path;
    }

    private static void awaitLine(ChildJvm jvm, String line) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!jvm.stdout().contains(line)) {
            assertTrue(jvm.isAlive() && System.nanoTime() < deadline, () -> "no '" + line + "'\n" + jvm.describe());
            Thread.sleep(100);
        }
    }
}
