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
 * The response paths on Open Liberty 26 (servlet-6.0 with pages-3.1): the probe JSPs deployed as
 * an expanded /probe application next to the shop, with no filter of its own. Everything goes
 * through the Liberty hooks (the generic chain hook stays out once the entry hook is applied).
 * Liberty still built a WebAppFilterChain for /probe in this server (main's agent, with only the
 * generic hook, passed these checks as well: a filter mapping came from the server's features), so
 * the branch of invokeFilters that calls the servlet without any chain is left to
 * {@link OpenLibertyWithoutFiltersIT}.
 */
class ResponsePathsOpenLibertyIT extends ResponsePathsContract {
    @Override
    Path dist() {
        return AppServers.dist("openliberty.dist");
    }

    @Override
    Path war() {
        return Artifacts.jakartaWar();
    }

    @Override
    RunningApp startApp(Path work) throws Exception {
        Path policy = Policies.write(work, "cors.properties", POLICY);
        AppServers.Prepared liberty = AppServers.openLiberty(war()).prepare("openliberty-probe", work);
        Path server = work.resolve("usr/servers/shop");
        Path probe = Files.createDirectories(server.resolve("apps/probe.war"));
        try (Stream<Path> files = Files.list(Artifacts.testClasses().resolve("probe-webapp"))) {
            for (Path jsp : (Iterable<Path>) files::iterator) {
                Files.copy(jsp, probe.resolve(jsp.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path serverXml = server.resolve("server.xml");
        String xml = new String(Files.readAllBytes(serverXml), StandardCharsets.UTF_8)
                .replace("</featureManager>", "  <feature>pages-3.1</feature>\n  </featureManager>")
                .replace("</server>", "  <webApplication id=\"probe\" location=\"probe.war\" contextRoot=\"/probe\"/>\n</server>");
        Files.write(serverXml, xml.getBytes(StandardCharsets.UTF_8));
        ChildJvm.Builder builder = liberty.builder.logDir(work);
        Containers.withJavaToolOptions(policy).accept(builder);
        RunningApp running = new RunningApp(builder.start(), liberty.httpPort).awaitServing();
        awaitProbe(running);
        return running;
    }

    /** The shop answering says nothing about the second application: wait for it too. */
    private static void awaitProbe(RunningApp running) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (running.send(get("/probe/vary-origin.jsp")).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("/probe was not served\n" + running.jvm().describe());
    }

    @Test
    void aSecondAppWithoutFiltersOfItsOwnGetsItsPreflightAnswered() {
        HttpResponse r = app.send(preflight("/probe/flush.jsp", ORIGIN, "GET", null));

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", ORIGIN, r);
        assertSingleHeader("Access-Control-Allow-Credentials", "true", r);
    }

    @Test
    void aSecondAppWithoutFiltersOfItsOwnGetsTheGrant() {
        HttpResponse r = probe("vary-origin.jsp");

        assertStatus(200, r);
        assertActualGrant(ORIGIN, r);
    }
}
