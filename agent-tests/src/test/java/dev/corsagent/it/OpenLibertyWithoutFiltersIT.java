package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertSingleHeader;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.RawHttp.get;
import static dev.corsagent.it.support.RawHttp.preflight;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RunningApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Open Liberty 26 with servlet-6.0 and pages-3.1 only and one application, the probe JSPs, which
 * has no filter: no filter mapping at all in the web app, so WebAppFilterManager.invokeFilters calls
 * the servlet without building a filter chain (with appSecurity or the shop deployed, Liberty does
 * build one). The generic chain hook can never act there: with an agent jar that has only that hook
 * ({@code -Dit.agent.jar=...} of the main branch before the Liberty hooks) all three checks fail,
 * no CORS header at all. The Liberty entry hook answers the preflight and the commit hook grants
 * the actual request.
 */
class OpenLibertyWithoutFiltersIT extends AppPerClass {
    static final String ORIGIN = ResponsePathsContract.ORIGIN;

    @Override
    RunningApp startApp(Path work) throws Exception {
        Path policy = Policies.write(work, "cors.properties", ResponsePathsContract.POLICY);
        AppServers.Prepared liberty = AppServers.openLiberty(Artifacts.jakartaWar()).prepare("openliberty-nofilter", work);
        Path server = work.resolve("usr/servers/shop");
        Files.delete(server.resolve("apps/shop.war"));
        Path probe = Files.createDirectories(server.resolve("apps/probe.war"));
        try (Stream<Path> files = Files.list(Artifacts.testClasses().resolve("probe-webapp"))) {
            for (Path jsp : (Iterable<Path>) files::iterator) {
                Files.copy(jsp, probe.resolve(jsp.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.write(server.resolve("server.xml"), String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<server description=\"cors-agent: an app without filters\">",
                "  <featureManager>",
                "    <feature>servlet-6.0</feature>",
                "    <feature>pages-3.1</feature>",
                "  </featureManager>",
                "  <httpEndpoint id=\"defaultHttpEndpoint\" host=\"127.0.0.1\" httpPort=\"" + liberty.httpPort + "\" httpsPort=\"-1\"/>",
                "  <webApplication id=\"probe\" location=\"probe.war\" contextRoot=\"/probe\"/>",
                "</server>", "").getBytes(StandardCharsets.UTF_8));
        ChildJvm.Builder builder = liberty.builder.logDir(work);
        Containers.withJavaToolOptions(policy).accept(builder);
        RunningApp running = new RunningApp(builder.start(), liberty.httpPort);
        awaitProbe(running);
        return running;
    }

    /** There is no shop here (RunningApp.awaitServing asks the shop): waits for a JSP instead. */
    private static void awaitProbe(RunningApp running) throws InterruptedException {
        long deadline = System.nanoTime() + 110_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!running.jvm().isAlive()) {
                throw new AssertionError("Liberty exited\n" + running.jvm().describe());
            }
            try {
                if (running.send(get("/probe/vary-origin.jsp")).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        running.close();
        throw new AssertionError("/probe was not served\n" + running.jvm().describe());
    }

    @Test
    void preflightToAnAppWithoutFiltersIsAnswered() {
        HttpResponse r = app.send(preflight("/probe/flush.jsp", ORIGIN, "GET", null));

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", ORIGIN, r);
        assertSingleHeader("Access-Control-Allow-Credentials", "true", r);
    }

    @Test
    void actualRequestToAnAppWithoutFiltersGetsTheGrant() {
        HttpResponse r = app.send(get("/probe/flush.jsp").origin(ORIGIN));

        assertStatus(200, r);
        assertActualGrant(ORIGIN, r);
    }

    @Test
    void aLargeBodyCommittedMidwayGetsTheGrant() {
        HttpResponse r = app.send(get("/probe/big.jsp").origin(ORIGIN));

        assertStatus(200, r);
        assertActualGrant(ORIGIN, r);
    }
}
