package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Eventually;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An invalid policy file at startup (SPEC "Failing safe"): the app starts and serves, the agent
 * adds no CORS headers (fail closed), names the bad key on stderr, and keeps watching the file.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvalidPolicyIT extends AppPerClass {
    private static final String ORIGIN = "https://app.example.com";

    @Override
    RunningApp startApp(Path work) throws Exception {
        Path policy = Policies.write(work, "cors.properties",
                Policies.CONTRACT.replace("cors.max-age = 600", "cors.max-age = 99999"));
        return Containers.embeddedTomcat9("invalid-policy-tomcat9", policy, work);
    }

    @Test
    @Order(1)
    void theAppServesWithoutAnyCorsHeaders() {
        HttpResponse actual = app.send(RawHttp.get("/shop/api/items").origin(ORIGIN).authorized());
        assertStatus(200, actual);
        assertNoCorsHeaders(actual);

        HttpResponse preflight = app.send(RawHttp.preflight("/shop/api/items", ORIGIN, "PUT", "authorization"));
        assertNoCorsHeaders(preflight);
    }

    @Test
    @Order(2)
    void stderrNamesTheKeyAndStdoutHasNothingFromTheAgent() {
        String stderr = app.jvm().stderr();
        assertTrue(stderr.contains("cors.max-age"), "stderr must name the bad key:\n" + stderr);
        assertTrue(stderr.toLowerCase(Locale.ROOT).contains("error"), "stderr must report an error:\n" + stderr);
        assertFalse(app.jvm().stdout().contains("cors-agent"), "the agent writes nothing to stdout:\n" + app.jvm().stdout());
    }

    @Test
    @Order(3)
    void fixingTheFileIsPickedUpWhileRunning() throws Exception {
        Policies.write(work, "cors.properties", Policies.CONTRACT);

        HttpResponse r = Eventually.response(Duration.ofSeconds(15),
                () -> app.send(RawHttp.get("/shop/api/items").origin(ORIGIN).authorized()),
                response -> response.header("Access-Control-Allow-Origin") != null);

        assertStatus(200, r);
        assertActualGrant(ORIGIN, r);
    }
}
