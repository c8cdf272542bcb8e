package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Eventually;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * Response paths on GlassFish 7.0.21 (asadmin start-domain, agent via JAVA_TOOL_OPTIONS): the probe
 * JSPs as probe.war in autodeploy next to the shop. The commit hook (GlassFish's session-cookie
 * callback) must run before the headers go out for a body larger than the buffer, an early flush, a
 * forward, an include, a redirect and an exception after the commit.
 */
class ResponsePathsGlassFish7IT extends ResponsePathsContract {
    @Override
    Path dist() {
        return AppServers.dist("glassfish7.dist");
    }

    @Override
    Path war() {
        return Artifacts.jakartaWar();
    }

    @Override
    RunningApp startApp(Path work) throws Exception {
        if (GlassFish7IT.notRunnableReason() != null) {
            return null;
        }
        Path policy = Policies.write(work, "cors.properties", POLICY);
        AppServers.Prepared server = AppServers.glassfish7(war()).prepare("response-paths-glassfish7", work);
        Path autodeploy = work.resolve("domains/domain1/autodeploy");
        writeProbeWar(autodeploy.resolve("probe.war"));
        server.builder.logDir(work);
        Containers.withJavaToolOptions(policy).accept(server.builder);
        RunningApp running = new RunningApp(server.builder.start(), server.httpPort).awaitServing();
        // the shop answers first; the probe is deployed by the same autodeploy scan, maybe a little later
        HttpResponse probe = Eventually.response(Duration.ofSeconds(90),
                () -> RawHttp.get("/probe/vary-origin.jsp").send(server.httpPort), r -> r.status() == 200);
        if (probe.status() != 200) {
            running.close();
            throw new AssertionError("probe.war not served within 90 s:\n" + probe);
        }
        return running;
    }

    static void writeProbeWar(Path war) throws IOException {
        Path jsps = Artifacts.testClasses().resolve("probe-webapp");
        try (OutputStream out = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(out);
             Stream<Path> files = Files.list(jsps)) {
            zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            zip.write(("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"true\">"
                    + "<display-name>probe</display-name></web-app>\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Path jsp : (Iterable<Path>) files::iterator) {
                zip.putNextEntry(new ZipEntry(jsp.getFileName().toString()));
                Files.copy(jsp, zip);
                zip.closeEntry();
            }
        }
    }

    @BeforeEach
    void skipWhenNotRunnable() {
        String reason = GlassFish7IT.notRunnableReason();
        Assumptions.assumeTrue(reason == null, reason);
    }
}
