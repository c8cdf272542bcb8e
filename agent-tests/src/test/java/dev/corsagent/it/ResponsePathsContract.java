package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertNoToken;
import static dev.corsagent.it.support.CorsAssertions.assertSingleHeader;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.CorsAssertions.assertVary;
import static dev.corsagent.it.support.RawHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Ways a response leaves a real container that the shop does not exercise: committed in the middle
 * of a large body, flushed early, forwarded, included, redirected, Vary in several lines, the app's
 * own CORS headers in odd spellings. JSPs under src/test/resources/probe-webapp, deployed as /probe
 * next to the shop on a standalone Tomcat.
 */
abstract class ResponsePathsContract extends AppPerClass {
    static final String ORIGIN = "https://app.example.com";
    static final String POLICY = String.join("\n",
            "cors.paths = /probe/**",
            "cors.allowed-origins = " + ORIGIN,
            "cors.allow-credentials = true",
            "cors.exposed-headers = X-Request-Id",
            "");

    abstract Path dist();

    abstract Path war();

    @Override
    RunningApp startApp(Path work) throws Exception {
        Path policy = Policies.write(work, "cors.properties", POLICY);
        Path jsps = Artifacts.testClasses().resolve("probe-webapp");
        return Containers.standalone("response-paths-" + getClass().getSimpleName(), dist(), war(), policy, work, tomcat -> {
            Path probe = tomcat.base().resolve("webapps/probe");
            Files.createDirectories(probe);
            try (Stream<Path> files = Files.list(jsps)) {
                for (Path jsp : (Iterable<Path>) files::iterator) {
                    Files.copy(jsp, probe.resolve(jsp.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            deployMore(probe);
        });
    }

    /** Adds container-specific resources to the /probe webapp before the start. */
    void deployMore(Path probeWebapp) throws java.io.IOException {
    }

    HttpResponse probe(String jsp) {
        return app.send(get("/probe/" + jsp).origin(ORIGIN));
    }

    @Test
    void responseCommittedInTheMiddleOfALargeBody() {
        HttpResponse r = probe("big.jsp");

        assertStatus(200, r);
        assertEquals(200_000, r.body().strip().length(), "the whole body");
        assertActualGrant(ORIGIN, r);
    }

    @Test
    void responseFlushedEarly() {
        HttpResponse r = probe("flush.jsp");

        assertStatus(200, r);
        assertActualGrant(ORIGIN, r);
    }

    @Test
    void theAppsCorsHeadersInAnySpellingAreReplaced() {
        HttpResponse r = probe("app-cors-headers.jsp");

        assertActualGrant(ORIGIN, r);
        assertNoToken("Access-Control-Expose-Headers", "X-Secret", r);
    }

    @Test
    void varyInSeveralLinesIsKeptWhole() {
        HttpResponse r = probe("vary-lines.jsp");

        assertActualGrant(ORIGIN, r);
        assertVary(r, "Accept-Encoding", "Accept-Language", "Origin");
    }

    @Test
    void theAppsOwnVaryOriginIsNotRepeated() {
        assertVary(probe("vary-origin.jsp"), "Origin");
    }

    @Test
    void forwardedRequestGetsTheGrantOnce() {
        HttpResponse r = probe("forward.jsp");

        assertStatus(200, r);
        assertActualGrant(ORIGIN, r);
    }

    @Test
    void includingRequestGetsTheGrantOnce() {
        HttpResponse r = probe("include.jsp");

        assertStatus(200, r);
        assertActualGrant(ORIGIN, r);
    }

    @Test
    void redirectCarriesTheGrantSoTheBrowserFollowsIt() {
        HttpResponse r = probe("redirect.jsp");

        assertStatus(302, r);
        assertActualGrant(ORIGIN, r);
    }

    @Test
    void anExceptionAfterTheCommitLeavesTheSentHeadersAsTheyWere() {
        HttpResponse r = probe("committed-then-error.jsp");

        assertStatus(200, r);
        assertActualGrant(ORIGIN, r);
        assertTrue(r.body().startsWith("partial"), () -> "the body written before the exception\n" + r);
    }

    @Test
    void anUnlistedOriginGetsNoneOfTheAppsCorsHeaders() {
        HttpResponse r = app.send(get("/probe/app-cors-headers.jsp").origin("https://evil.example"));

        assertStatus(200, r);
        assertEquals(List.of(), r.headerNamesStartingWith("Access-Control-"), () -> r.toString());
        assertSingleHeader("X-Secret", "s3cr3t", r);
    }
}
