package dev.corsagent.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * WildFly from the {@link AppServers#wildfly} recipe (alice/secret in role cors-user in the
 * ApplicationRealm, the shop in standalone/deployments), the agent given through JAVA_TOOL_OPTIONS
 * as an operator would, its log in {@code cors.log.file} (WildFly re-logs stderr as ERROR lines of
 * its own console, on stdout).
 */
public final class WildFly {
    private WildFly() {
    }

    /** Why the child JDK cannot run WildFly 26 (Java 24+), or null. */
    public static String wildfly26NotRunnableReason() {
        return AppServers.childJavaMajor() < 24 ? null
                : "WildFly 26 does not start on Java 24+ (jboss-modules calls Policy.setPolicy, removed by JEP 486); the child JDK is "
                        + AppServers.childJavaVersion();
    }

    /**
     * Starts it; {@code moreDeployments} may add to standalone/deployments (an exploded
     * {@code name.war} directory each, returned by name so the start waits for its {@code .deployed}).
     */
    public static RunningApp start(String name, String distProperty, Path war, Path policy, Path workDir,
                                   Deployments moreDeployments) throws Exception {
        Files.writeString(policy, Files.readString(policy) + "\ncors.log.file = " + agentLog(workDir) + "\n");
        AppServers.Prepared server = AppServers.wildfly(name, distProperty, war).prepare(name, workDir);
        Path deployments = workDir.resolve("standalone/deployments");
        List<String> extra = moreDeployments.addTo(deployments);
        for (String exploded : extra) {
            Files.writeString(deployments.resolve(exploded + ".dodeploy"), "");
        }
        ChildJvm.Builder builder = server.builder.logDir(workDir);
        Containers.withJavaToolOptions(policy).accept(builder);
        RunningApp app = new RunningApp(builder.start(), server.httpPort).awaitServing();
        for (String exploded : extra) {
            awaitDeployed(app, deployments, exploded);
        }
        return app;
    }

    public static RunningApp start(String name, String distProperty, Path war, Path policy, Path workDir) throws Exception {
        return start(name, distProperty, war, policy, workDir, d -> new ArrayList<>());
    }

    /**
     * The JSPs of src/test/resources/probe-webapp as an exploded probe.war, plus a web.xml whose
     * error pages (404 and 500) go to error-page.jsp, and throws.jsp, which fails before writing.
     */
    public static List<String> probeWar(Path deployments, boolean jakarta) throws IOException {
        Path probe = deployments.resolve("probe.war");
        Files.createDirectories(probe.resolve("WEB-INF"));
        try (java.util.stream.Stream<Path> files = Files.list(Artifacts.testClasses().resolve("probe-webapp"))) {
            for (Path jsp : (Iterable<Path>) files::iterator) {
                Files.copy(jsp, probe.resolve(jsp.getFileName().toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(probe.resolve("error-page.jsp"),
                "<%@ page contentType=\"text/plain\" session=\"false\" isErrorPage=\"true\" %>the error page");
        Files.writeString(probe.resolve("throws.jsp"),
                "<%@ page contentType=\"text/plain\" session=\"false\" %><% if (true) { throw new IllegalStateException(\"before any output\"); } %>");
        String ns = jakarta ? "https://jakarta.ee/xml/ns/jakartaee" : "http://xmlns.jcp.org/xml/ns/javaee";
        Files.writeString(probe.resolve("WEB-INF/web.xml"), String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<web-app xmlns=\"" + ns + "\" version=\"" + (jakarta ? "6.0" : "4.0") + "\">",
                "  <error-page><error-code>404</error-code><location>/error-page.jsp</location></error-page>",
                "  <error-page><error-code>500</error-code><location>/error-page.jsp</location></error-page>",
                "</web-app>", ""));
        return new ArrayList<>(List.of("probe.war"));
    }

    /** Where {@link #start} points cors.log.file. */
    public static Path agentLog(Path workDir) {
        return workDir.resolve("cors-agent.log");
    }

    private static void awaitDeployed(RunningApp app, Path deployments, String name) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(deployments.resolve(name + ".deployed"))) {
                return;
            }
            if (Files.exists(deployments.resolve(name + ".failed"))) {
                app.close();
                throw new AssertionError(name + " failed to deploy: " + Files.readString(deployments.resolve(name + ".failed")));
            }
            Thread.sleep(200);
        }
        app.close();
        throw new AssertionError(name + " not deployed within 60 s\n" + app.jvm().describe());
    }

    /** Adds exploded deployments; returns their names (e.g. probe.war). */
    public interface Deployments {
        List<String> addTo(Path deploymentsDir) throws IOException;
    }
}
