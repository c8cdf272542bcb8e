package dev.corsagent.it.browser;

import dev.corsagent.it.fixtures.jetty.JettyShopLauncher;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Ports;
import dev.corsagent.it.support.RunningApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sample shop on an embedded container (a Tomcat launcher jar, or Jetty 12 through
 * {@link JettyShopLauncher}) in a child JVM, with or without the agent, and
 * with its access log ({@code METHOD URI STATUS} per request) so a test can see which requests
 * the browser really sent, preflights included.
 */
final class ShopServer implements AutoCloseable {
    /**
     * How the child JVM runs the shop's container. Each one takes the same arguments: {@code --port},
     * {@code --war}, {@code --access-log} and {@code --https-keystore}.
     */
    interface Container {
        void configure(ChildJvm.Builder builder);
    }

    /** An embedded Tomcat launcher jar from sample-apps. */
    static Container launcherJar(Path jar) {
        return builder -> builder.jar(jar);
    }

    /** Jetty 12 (ee10), embedded, with h2 on its TLS connector. */
    static Container jetty12() {
        return builder -> builder.classpath(Artifacts.jettyLibs() + "/*:" + Artifacts.testClasses())
                .mainClass(JettyShopLauncher.class.getName());
    }

    private final RunningApp app;
    private final Path accessLog;
    private final boolean https;

    private ShopServer(RunningApp app, Path accessLog, boolean https) {
        this.app = app;
        this.accessLog = accessLog;
        this.https = https;
    }

    /** {@code policy == null}: the launcher runs without {@code -javaagent}. */
    static ShopServer start(String name, Path launcherJar, Path war, Path policy, Path workDir)
            throws IOException, InterruptedException {
        return start(name, launcherJar(launcherJar), war, policy, workDir, null);
    }

    /**
     * {@code keystore} non-null: the shop serves HTTPS with HTTP/2 (ALPN h2) with that PKCS12
     * keystore ({@link TestCertificate}), and {@link #url} is an https URL.
     */
    static ShopServer start(String name, Container container, Path war, Path policy, Path workDir, Path keystore)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        int port = Ports.free();
        Path accessLog = workDir.resolve("access.log");
        ChildJvm.Builder builder = ChildJvm.builder(name).logDir(workDir).workDir(workDir);
        if (policy != null) {
            builder.jvmArg(Containers.javaagentOption(policy));
        }
        List<String> args = new java.util.ArrayList<>(List.of("--port", Integer.toString(port), "--war", war.toString(),
                "--access-log", accessLog.toString()));
        if (keystore != null) {
            args.addAll(List.of("--https-keystore", keystore.toString()));
        }
        container.configure(builder);
        ChildJvm jvm = builder.args(args.toArray(new String[0])).start();
        RunningApp app = new RunningApp(jvm, port);
        if (keystore == null) {
            app.awaitServing();
        } else {
            awaitTls(app, port);
        }
        return new ShopServer(app, accessLog, keystore != null);
    }

    /** RunningApp's readiness probe speaks plain HTTP: over TLS, wait for the port to accept instead. */
    private static void awaitTls(RunningApp app, int port) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!app.jvm().isAlive()) {
                throw new AssertionError("the shop exited before serving HTTPS\n" + app.jvm().describe());
            }
            if (app.jvm().stdout().contains("listening on https://")) {
                return;
            }
            Thread.sleep(200);
        }
        app.close();
        throw new AssertionError("the shop did not serve HTTPS within 60 s\n" + app.jvm().describe());
    }

    /** The shop as the browser sees it: on {@code localhost}, a different origin from the test pages. */
    String url(String path) {
        return (https ? "https" : "http") + "://localhost:" + app.port() + path;
    }

    /** The access log lines ({@code METHOD URI STATUS}) for exactly this method and request URI (path and query). */
    List<String> logged(String method, String uri) throws IOException {
        return loggedWithProtocol(method, uri).stream()
                .map(line -> line.substring(0, line.lastIndexOf(' ')))
                .collect(Collectors.toList());
    }

    /** As {@link #logged}, each line ending with the protocol the request came over ({@code HTTP/2.0}). */
    List<String> loggedWithProtocol(String method, String uri) throws IOException {
        if (!Files.exists(accessLog)) {
            return List.of();
        }
        String prefix = method + " " + uri + " ";
        return Files.readAllLines(accessLog, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith(prefix))
                .collect(Collectors.toList());
    }

    /**
     * Waits until the log holds {@code count} lines for the request: the container writes a line when the
     * response is done, which can be a moment after the browser already has it.
     */
    List<String> awaitLogged(String method, String uri, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> lines = logged(method, uri);
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            lines = logged(method, uri);
        }
        return lines;
    }

    String describe() throws IOException {
        return "access log " + accessLog + ":\n"
                + (Files.exists(accessLog) ? Files.readString(accessLog) : "(none)") + "\n" + app.jvm().describe();
    }

    @Override
    public void close() {
        app.close();
    }
}
