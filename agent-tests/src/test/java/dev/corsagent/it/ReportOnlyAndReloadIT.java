package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertNoToken;
import static dev.corsagent.it.support.CorsAssertions.assertSingleHeader;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.RawHttp.get;
import static dev.corsagent.it.support.RawHttp.preflight;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Eventually;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * report-only (SPEC: decide and log every decision at info, change no response), then the
 * operator's next step: switch the running app to enforce by editing the file.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportOnlyAndReloadIT extends AppPerClass {
    private static final String ORIGIN = "https://app.example.com";

    @Override
    RunningApp startApp(Path work) throws Exception {
        Path policy = Policies.write(work, "cors.properties",
                Policies.CONTRACT.replace("cors.log.level = debug", "cors.mode = report-only\ncors.log.level = info"));
        return Containers.embeddedTomcat9("report-only-tomcat9", policy, work);
    }

    @Test
    @Order(1)
    void preflightReachesTheAppUnchanged() {
        int optionsBefore = app.filterOptions();

        HttpResponse r = app.send(preflight("/shop/api/items", ORIGIN, "PUT", "authorization"));

        assertStatus(401, r);
        assertNoCorsHeaders(r);
        assertNoToken("Vary", "Origin", r);
        assertEquals(optionsBefore + 1, app.filterOptions(), "report-only must hand the preflight to the app");
    }

    @Test
    @Order(2)
    void responsesAreNotChangedAtAll() {
        HttpResponse items = app.send(get("/shop/api/items").origin(ORIGIN).authorized());
        assertStatus(200, items);
        assertNoCorsHeaders(items);
        assertEquals(List.of("Accept-Encoding"), items.headers("Vary"), () -> "the app's Vary, untouched\n" + items);

        HttpResponse legacy = app.send(get("/shop/api/legacy-cors").origin(ORIGIN).authorized());
        assertSingleHeader("Access-Control-Allow-Origin", "*", legacy);
        assertSingleHeader("Access-Control-Allow-Methods", "GET", legacy);
    }

    @Test
    @Order(3)
    void decisionsAreLoggedAtInfo() throws Exception {
        String probe = "https://report-only-probe.trusted.example";
        app.send(preflight("/shop/api/items", probe, "DELETE", null));

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!app.jvm().stderr().contains(probe) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String line = app.jvm().stderr().lines().filter(l -> l.contains(probe)).findFirst().orElse(null);
        assertTrue(line != null, () -> "no decision logged for " + probe + ":\n" + app.jvm().stderr());
        assertTrue(line.contains("INFO") && line.contains("/shop/api/items") && line.contains("DELETE"), line);
    }

    @Test
    @Order(4)
    void switchingTheFileToEnforceTakesEffectWithinSeconds() throws Exception {
        Policies.write(work, "cors.properties", Policies.CONTRACT);

        HttpResponse r = Eventually.response(Duration.ofSeconds(15),
                () -> app.send(preflight("/shop/api/items", ORIGIN, "PUT", "authorization")),
                response -> response.status() == 204);

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", ORIGIN, r);
    }
}
