package dev.corsagent.it.browser;

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
 * The sample shop on an embedded Tomcat launcher in a child JVM, with or without the agent, and
 * with its access log ({@code METHOD URI STATUS} per request) so a test can see which requests
 * the browser really sent, preflights included.
 */
final class ShopServer implements AutoCloseable {
    private final RunningApp app;
    private final Path accessLog;

    private ShopServer(RunningApp app, Path accessLog) {
        this.app = app;
        this.accessLog = accessLog;
    }

    /** {@code policy == null}: the launcher runs without {@code -javaagent}. */
    static ShopServer start(String name, Path launcherJar, Path war, Path policy, Path workDir)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        int port = Ports.free();
        Path accessLog = workDir.resolve("access.log");
        ChildJvm.Builder builder = ChildJvm.builder(name).logDir(workDir).workDir(workDir);
        if (policy != null) {
            builder.jvmArg(Containers.javaagentOption(policy));
        }
        ChildJvm jvm = builder.jar(launcherJar)
                .args("--port", Integer.toString(port), "--war", war.toString(),
                        "--access-log", accessLog.toString())
                .start();
        return new ShopServer(new RunningApp(jvm, port).awaitServing(), accessLog);
    }

    /** The shop as the browser sees it: on {@code localhost}, a different origin from the test pages. */
    String url(String path) {
        return "http://localhost:" + app.port() + path;
    }

    /** The access log lines for exactly this method and request URI (path and query). */
    List<String> logged(String method, String uri) throws IOException {
        if (!Files.exists(accessLog)) {
            return List.of();
        }
        String prefix = method + " " + uri + " ";
        return Files.readAllLines(accessLog, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith(prefix))
                .collect(Collectors.toList());
    }

    /**
     * Waits until the log holds {@code count} lines for the request: Tomcat writes a line when the
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
