package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertSingleHeader;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.RawHttp.get;
import static dev.corsagent.it.support.RawHttp.preflight;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Eventually;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code java -jar cors-agent.jar attach PID FILE} into a Tomcat that is already serving: the
 * agent retransforms the container classes already loaded, and the next requests get CORS.
 */
@Timeout(180)
class AttachIT {
    private static final String ORIGIN = "https://app.example.com";

    @Test
    void attachingToARunningTomcatAddsCors() throws Exception {
        Path work = Artifacts.workDir("AttachIT");
        Path policy = Policies.write(work, "cors.properties", Policies.CONTRACT);
        try (RunningApp app = Containers.embedded("attach-target-tomcat9", Artifacts.tomcat9Launcher(), Artifacts.javaxWar(),
                work, jvm -> jvm.jvmArg("-XX:+EnableDynamicAgentLoading"))) {
            // serve a little first, so the request path classes are loaded before the agent arrives
            HttpResponse before = app.send(get("/shop/api/items").origin(ORIGIN).authorized());
            assertStatus(200, before);
            assertNoCorsHeaders(before);

            int exit;
            try (ChildJvm cli = ChildJvm.builder("attach-cli").logDir(work).workDir(work)
                    .jar(Artifacts.agentJar()).args("attach", Long.toString(app.jvm().pid()), policy.toString()).start()) {
                exit = cli.waitForExit(Duration.ofSeconds(90));
                assertEquals(0, exit, cli.describe());
            }

            HttpResponse r = Eventually.response(Duration.ofSeconds(10),
                    () -> app.send(preflight("/shop/api/items", ORIGIN, "PUT", "authorization")),
                    response -> response.status() == 204);
            assertStatus(204, r);
            assertSingleHeader("Access-Control-Allow-Origin", ORIGIN, r);

            assertActualGrant(ORIGIN, app.send(get("/shop/api/items").origin(ORIGIN).authorized()));

            // a second attach (an operator repeating the command) must not double anything
            try (ChildJvm again = ChildJvm.builder("attach-cli-again").logDir(work).workDir(work)
                    .jar(Artifacts.agentJar()).args("attach", Long.toString(app.jvm().pid()), policy.toString()).start()) {
                again.waitForExit(Duration.ofSeconds(90));
            }
            Thread.sleep(1000);
            assertActualGrant(ORIGIN, app.send(get("/shop/api/items").origin(ORIGIN).authorized()));
            HttpResponse preflight = app.send(preflight("/shop/api/items", ORIGIN, "PUT", "authorization"));
            assertStatus(204, preflight);
            assertSingleHeader("Access-Control-Allow-Origin", ORIGIN, preflight);
        }
    }
}
