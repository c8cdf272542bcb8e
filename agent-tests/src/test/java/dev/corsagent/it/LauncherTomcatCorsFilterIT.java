package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.RawHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sample launcher's {@code --tomcat-cors-filter FILE} (used by scripts/bench to compare the
 * agent with Tomcat's own CorsFilter): no agent, Tomcat's CorsFilter with the file's init
 * parameters, mapped in front of the app's filters.
 */
@Timeout(120)
class LauncherTomcatCorsFilterIT {
    private static final String ORIGIN = "https://app.example.com";

    @Test
    void tomcatsCorsFilterAnswersBeforeTheAppsFilters() throws Exception {
        Path work = Artifacts.workDir("LauncherTomcatCorsFilterIT");
        Path parameters = Policies.write(work, "cors-filter.properties",
                "cors.allowed.origins = " + ORIGIN + "\n"
                        + "cors.allowed.methods = GET,POST,PUT,DELETE\n"
                        + "cors.allowed.headers = Authorization,Content-Type\n"
                        + "cors.support.credentials = true\n");
        try (RunningApp app = Containers.embedded("tomcat-cors-filter", Artifacts.tomcat9Launcher(),
                Artifacts.javaxWar(), work, jvm -> jvm.args("--tomcat-cors-filter", parameters.toString()))) {
            int optionsBefore = app.filterOptions();
            HttpResponse preflight = app.send(RawHttp.preflight("/shop/api/items", ORIGIN, "PUT", "authorization"));
            assertStatus(200, preflight);
            assertEquals(List.of(ORIGIN), preflight.headers("Access-Control-Allow-Origin"), preflight::toString);
            assertEquals(optionsBefore, app.filterOptions(), "CorsFilter must answer before the app's AuthFilter");

            HttpResponse allowed = app.send(get("/shop/api/items").origin(ORIGIN).authorized());
            assertStatus(200, allowed);
            assertEquals(List.of(ORIGIN), allowed.headers("Access-Control-Allow-Origin"), allowed::toString);

            // CorsFilter's own answer to a foreign origin (the agent would pass it on without headers)
            HttpResponse denied = app.send(get("/shop/api/items").origin("https://evil.example").authorized());
            assertStatus(403, denied);
            assertNoCorsHeaders(denied);
        }
    }
}
