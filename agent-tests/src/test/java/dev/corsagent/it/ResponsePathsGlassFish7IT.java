package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Eventually;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import static dev.corsagent.it.support.CorsAssertions.assertSingleHeader;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

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

    /** The listener the probe registers: counts the app's request events (initialized, destroyed). */
    private static final String LISTENER_SOURCE = String.join("\n",
            "package probe;",
            "public class CountingListener implements jakarta.servlet.ServletRequestListener {",
            "    public static final java.util.concurrent.atomic.AtomicInteger INITIALIZED = new java.util.concurrent.atomic.AtomicInteger();",
            "    public static final java.util.concurrent.atomic.AtomicInteger DESTROYED = new java.util.concurrent.atomic.AtomicInteger();",
            "    public void requestInitialized(jakarta.servlet.ServletRequestEvent e) { INITIALIZED.incrementAndGet(); }",
            "    public void requestDestroyed(jakarta.servlet.ServletRequestEvent e) { DESTROYED.incrementAndGet(); }",
            "}", "");
    private static final String COUNTS_JSP = "<%@ page import=\"probe.CountingListener\" %><%= CountingListener.INITIALIZED.get()"
            + " + \":\" + CountingListener.DESTROYED.get() %>";

    /**
     * The probe JSPs, a minimal web.xml registering {@code probe.CountingListener} (compiled here
     * against the GlassFish distribution's servlet API) and {@code listener-counts.jsp}.
     */
    static void writeProbeWar(Path war) throws IOException {
        Path jsps = Artifacts.testClasses().resolve("probe-webapp");
        Path build = Files.createDirectories(war.resolveSibling("probe-listener"));
        Path source = Files.createDirectories(build.resolve("probe")).resolve("CountingListener.java");
        Files.writeString(source, LISTENER_SOURCE, StandardCharsets.UTF_8);
        Path servletApi = AppServers.dist("glassfish7.dist").resolve("glassfish/modules/jakarta.servlet-api.jar");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "11", "-classpath",
                servletApi.toString(), "-d", build.toString(), source.toString());
        if (rc != 0) {
            throw new IOException("javac failed on " + source);
        }
        try (OutputStream out = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(out);
             Stream<Path> files = Files.list(jsps)) {
            zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            zip.write(("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"true\">"
                    + "<display-name>probe</display-name>"
                    + "<listener><listener-class>probe.CountingListener</listener-class></listener></web-app>\n")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("WEB-INF/classes/probe/CountingListener.class"));
            Files.copy(build.resolve("probe/CountingListener.class"), zip);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("listener-counts.jsp"));
            zip.write(COUNTS_JSP.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Path jsp : (Iterable<Path>) files::iterator) {
                zip.putNextEntry(new ZipEntry(jsp.getFileName().toString()));
                Files.copy(jsp, zip);
                zip.closeEntry();
            }
        }
    }

    /** The app's request events so far: {initialized, destroyed}, the counting request itself initialized. */
    static int[] requestEvents(RunningApp app) {
        HttpResponse r = app.send(RawHttp.get("/probe/listener-counts.jsp"));
        assertStatus(200, r);
        String[] counts = r.body().strip().split(":");
        return new int[] {Integer.parseInt(counts[0]), Integer.parseInt(counts[1])};
    }

    /**
     * The entry answers the preflight before {@code invoke} fires "request initialized"; GlassFish's
     * pipeline still calls {@code postInvoke}, which fires "request destroyed": the agent skips it
     * for the answered preflight, so the app sees neither (as on Tomcat).
     */
    static void anAnsweredPreflightFiresNoRequestEvent(RunningApp app) throws InterruptedException {
        int[] before = requestEvents(app);
        for (int i = 0; i < 3; i++) {
            HttpResponse r = app.send(RawHttp.preflight("/probe/vary-origin.jsp", ORIGIN, "GET", null));
            assertStatus(204, r);
            assertSingleHeader("Access-Control-Allow-Origin", ORIGIN, r);
        }
        Thread.sleep(300); // "destroyed" of the counting request may trail its response
        int[] after = requestEvents(app);
        assertEquals(before[0] + 1, after[0], "initialized: only the second counting request");
        assertEquals(before[1] + 1, after[1], "destroyed: only the first counting request, none for the preflights");
    }

    @Test
    void anAnsweredPreflightFiresNoRequestEventInTheApp() throws InterruptedException {
        anAnsweredPreflightFiresNoRequestEvent(app);
    }

    @Override
    String notRunnableReason() {
        return GlassFish7IT.reasonNotRunnable();
    }
}
