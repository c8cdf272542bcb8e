package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * An app that bundles its own, older Byte Buddy (sample-apps/own-bytebuddy, 1.14.18) and uses it
 * per request, next to the shop in one standalone Tomcat 9 with the agent (which carries a
 * relocated Byte Buddy 1.18). The app's Byte Buddy must work and be the app's own copy, and CORS
 * must still work on both WARs.
 */
class AppWithOwnByteBuddyIT extends AppPerClass {
    private static final String ORIGIN = "https://app.example.com";
    private static final String POLICY = String.join("\n",
            "cors.paths = /shop/api/**, /own-bytebuddy/api/**",
            "cors.allowed-origins = " + ORIGIN,
            "cors.allowed-methods = GET, POST",
            "cors.exposed-headers = X-Request-Id",
            "cors.allow-credentials = true",
            "");

    @Override
    RunningApp startApp(Path work) throws Exception {
        Path policy = Policies.write(work, "cors.properties", POLICY);
        return Containers.standalone("own-bytebuddy-tomcat9", Artifacts.tomcat9Dist(), Artifacts.javaxWar(), policy, work,
                tomcat -> Files.copy(Artifacts.ownByteBuddyWar(), tomcat.base().resolve("webapps/own-bytebuddy.war"),
                        StandardCopyOption.REPLACE_EXISTING));
    }

    @Test
    void theAppsByteBuddyWorksIsTheAppsCopyAndTheResponseGetsTheGrant() throws Exception {
        HttpResponse r = awaitByteBuddyApp();

        assertStatus(200, r);
        assertActualGrant(ORIGIN, r);
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertEquals("made by the app's Byte Buddy", json.path("subclassToString").asText(), r::toString);
        assertEquals("net.bytebuddy.ByteBuddy", json.path("byteBuddyClass").asText(), r::toString);
        assertEquals("1.14.18", json.path("byteBuddyVersion").asText(), r::toString);
        assertTrue(json.path("byteBuddyJar").asText().endsWith("/own-bytebuddy/WEB-INF/lib/byte-buddy-1.14.18.jar"), r::toString);
        assertTrue(json.path("sameLoaderAsApp").asBoolean(), r::toString);
        assertTrue(json.path("byteBuddyLoader").asText().contains("ParallelWebappClassLoader"), r::toString);
    }

    @Test
    void theAppsByteBuddyKeepsWorkingOnLaterRequests() {
        awaitByteBuddyApp();
        for (int i = 0; i < 5; i++) {
            HttpResponse r = app.send(RawHttp.get("/own-bytebuddy/api/bytebuddy").origin(ORIGIN));
            assertStatus(200, r);
            assertTrue(r.body().contains("made by the app's Byte Buddy"), r::toString);
        }
    }

    @Test
    void preflightAndTheShopStillWork() {
        awaitByteBuddyApp();
        HttpResponse preflight = app.send(RawHttp.preflight("/own-bytebuddy/api/bytebuddy", ORIGIN, "POST", null));
        assertStatus(204, preflight);
        HttpResponse shop = app.send(RawHttp.get("/shop/api/items").origin(ORIGIN).authorized());
        assertStatus(200, shop);
        assertActualGrant(ORIGIN, shop);
        HttpResponse other = app.send(RawHttp.get("/own-bytebuddy/api/bytebuddy").origin("https://evil.example"));
        assertNotEquals(ORIGIN, other.header("Access-Control-Allow-Origin"), other::toString);
    }

    /** The second WAR may still be deploying when the shop already answers. */
    private HttpResponse awaitByteBuddyApp() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        HttpResponse r = app.send(RawHttp.get("/own-bytebuddy/api/bytebuddy").origin(ORIGIN));
        while (r.status() == 404 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            r = app.send(RawHttp.get("/own-bytebuddy/api/bytebuddy").origin(ORIGIN));
        }
        return r;
    }
}
