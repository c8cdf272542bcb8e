package dev.corsagent.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * The agent must never break an app: a real application server is started twice in a child JVM,
 * first without the agent ("bare"), then, after the first is stopped, with the agent given only
 * through JAVA_TOOL_OPTIONS as an operator would. Both runs get the same requests; the checks are
 * <ol>
 * <li>the shop deploys in both (GET /shop/public/hello is 200);</li>
 * <li>the app's own answers keep their status: 200, 401 from the app's AuthFilter, 500 from a
 *     throwing servlet, 404 for unmapped paths; identical in both runs;</li>
 * <li>no NoClassDefFoundError, NoSuchMethodError, LinkageError, VerifyError or ClassFormatError in
 *     the server's output and log files with the agent (one in the bare run is reported, not failed);</li>
 * <li>with the agent, CORS works (preflight 204 with ACAO, actual GET 200 with ACAO), or, for a
 *     server on which the agent is expected to stay out ({@link #expectsCors()} false), the agent's
 *     log says {@code not hooking};</li>
 * <li>the agent's own log ({@code cors.log.file}) has no internal or linkage errors outside its
 *     "not hooking" lines;</li>
 * <li>start-up (process start to the first 200 of /shop/public/hello) with the agent at most 1.5
 *     times the bare one: a generous bound, since each figure is a single, noisy run. One line per
 *     server goes to {@code target/appserver-startup.txt}.</li>
 * </ol>
 * Both starts happen once per class, in {@link #startBothRuns()}; the tests only read what was seen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AppServerSafetyContract {
    static final String APP_ORIGIN = "https://app.example.com";
    static final long START_TIMEOUT_MS = 150_000;
    static final long SERVE_GRACE_MS = 20_000;
    static final double MAX_STARTUP_RATIO = 1.5;
    static final List<String> LINKAGE_ERRORS = List.of(
            "NoClassDefFoundError", "NoSuchMethodError", "LinkageError", "VerifyError", "ClassFormatError");

    /** The server recipe of this class. */
    abstract AppServers.Recipe recipe();

    /** False for a server on which the agent is expected to leave every hook alone ("not hooking"). */
    boolean expectsCors() {
        return true;
    }

    /** Text of "hooked ..." lines the agent's log must show on this server (the hooks meant for it, not a fallback). */
    List<String> expectedHookLines() {
        return List.of();
    }

    /** Why the server cannot run here (e.g. too old a JDK), or null; each test is then skipped with it. */
    String notRunnableReason() {
        return null;
    }

    Run bare;
    Run withAgent;
    /** Start-up times compared: the first start of each, or the faster of two when the first pair was over the bound. */
    Long bareStartupMs;
    Long agentStartupMs;

    private static Long fastest(Long first, Long second) {
        return second == null ? first : Long.valueOf(Math.min(first, second));
    }
    Path agentJar;
    String agentJarDigest;

    @BeforeAll
    void startBothRuns() throws Exception {
        if (notRunnableReason() != null) {
            return;
        }
        Path work = Artifacts.workDir(getClass().getSimpleName());
        // a private copy: the jar under test may be replaced while the servers run (it was, once)
        agentJar = Files.copy(Artifacts.agentJar(), work.resolve("cors-agent.jar"));
        agentJarDigest = sha256(agentJar);
        bare = run("bare", work.resolve("bare"), false);
        withAgent = run("agent", work.resolve("agent"), true);
        bareStartupMs = bare.startupMs;
        agentStartupMs = withAgent.startupMs;
        if (bareStartupMs != null && agentStartupMs != null && (double) agentStartupMs / bareStartupMs > MAX_STARTUP_RATIO) {
            // one start each is noisy on two cores (a JIT or GC pause shifts a 1.5 s start by half):
            // over the bound, one more start of each, and the faster start of each counts
            Run bareAgain = run("bare-again", work.resolve("bare-again"), false);
            Run agentAgain = run("agent-again", work.resolve("agent-again"), true);
            bareStartupMs = fastest(bareStartupMs, bareAgain.startupMs);
            agentStartupMs = fastest(agentStartupMs, agentAgain.startupMs);
        }
        writeStartupLine();
        System.out.println(summary());
    }

    /** Reported per test (a class-level assumption would show as "Tests run: 0" without the reason). */
    @BeforeEach
    void skipWhenNotRunnable() {
        String reason = notRunnableReason();
        Assumptions.assumeTrue(reason == null, reason);
    }

    // ------------------------------------------------------------------ the checks

    @Test
    void theShopDeploysWithAndWithoutTheAgent() {
        assertAll(
                () -> assertDeployed(bare),
                () -> assertDeployed(withAgent));
    }

    @Test
    void theAppsOwnAnswersKeepTheirStatus() {
        assertDeployed(bare);
        assertDeployed(withAgent);
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("items-authorized", 200);
        expected.put("items-unauthorized", 401);
        expected.put("boom", 500);
        expected.put("unmapped", 404);
        expected.put("api-unmapped", 404);
        List<Executable> checks = new ArrayList<>();
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            // the bare run shows that the harness asks the right thing of the right app
            checks.add(() -> assertEquals(e.getValue(), status(bare, e.getKey()),
                    () -> "bare run, " + e.getKey() + ":\n" + bare.answers.get(e.getKey()) + bare.describe()));
            checks.add(() -> assertEquals(status(bare, e.getKey()), status(withAgent, e.getKey()),
                    () -> "with the agent, " + e.getKey() + " answers differently than without it:\n"
                            + withAgent.answers.get(e.getKey()) + withAgent.describe()));
        }
        assertAll(checks);
    }

    @Test
    void noLinkageErrorsWithTheAgent() {
        if (!bare.linkageLines.isEmpty()) {
            System.out.println("NOTE: the bare run (no agent) of " + recipe().name() + " logged linkage errors too:\n"
                    + String.join("\n", bare.linkageLines));
        }
        List<String> added = new ArrayList<>();
        for (String line : withAgent.linkageLines) {
            if (!bare.linkageLines.contains(line)) {
                added.add(line);
            }
        }
        assertTrue(withAgent.linkageLines.isEmpty(), () -> "linkage errors in the server's logs with the agent ("
                + withAgent.linkageLines.size() + " lines, " + added.size() + " not in the bare run):\n"
                + String.join("\n", withAgent.linkageLines.subList(0, Math.min(40, withAgent.linkageLines.size())))
                + withAgent.describe());
    }

    @Test
    void corsWorksOrTheAgentSaysItStayedOut() {
        assertDeployed(withAgent);
        if (expectsCors()) {
            HttpResponse preflight = withAgent.answers.get("preflight");
            HttpResponse actual = withAgent.answers.get("cors-get");
            assertAll(
                    () -> assertEquals(204, preflight.status(), () -> "preflight:\n" + preflight + withAgent.describe()),
                    () -> assertEquals(APP_ORIGIN, preflight.header("Access-Control-Allow-Origin"),
                            () -> "preflight without the grant:\n" + preflight + withAgent.describe()),
                    () -> assertEquals(200, actual.status(), () -> "actual GET:\n" + actual + withAgent.describe()),
                    () -> assertEquals(APP_ORIGIN, actual.header("Access-Control-Allow-Origin"),
                            () -> "actual GET without the grant:\n" + actual + withAgent.describe()));
        } else {
            HttpResponse preflight = withAgent.answers.get("preflight");
            assertAll(
                    () -> assertTrue(withAgent.agentLog.contains("not hooking"),
                            () -> "no CORS expected here, but then the agent's log must say 'not hooking'" + withAgent.describe()),
                    // staying out means staying out: the preflight is answered as without the agent
                    () -> assertEquals(status(bare, "preflight"), preflight.status(),
                            () -> "preflight answered differently than without the agent:\n" + preflight + withAgent.describe()),
                    () -> assertEquals(null, preflight.header("Access-Control-Allow-Origin"),
                            () -> "a grant although the agent was expected to stay out:\n" + preflight + withAgent.describe()));
        }
    }

    @Test
    void theHooksMeantForThisServerWereApplied() {
        assertDeployed(withAgent);
        List<Executable> checks = new ArrayList<>();
        for (String hook : expectedHookLines()) {
            checks.add(() -> assertTrue(withAgent.agentLog.contains(hook), () -> "no '" + hook + "' in the agent's log" + withAgent.describe()));
        }
        assertAll(checks);
    }

    /**
     * The agent catches its own failures ("internal error ..., request passed on untouched"), so they
     * never reach the server's logs; but a hook that fails on every request is a hook that should not
     * have been applied. Its log may name a linkage error only in a "not hooking" line.
     */
    @Test
    void theAgentsOwnLogHasNoInternalErrors() {
        assertDeployed(withAgent);
        List<String> bad = new ArrayList<>();
        for (String line : withAgent.agentLog.split("\n")) {
            if (line.contains("not hooking")) {
                continue;
            }
            if (line.contains("internal error") || !linkageLines(line).isEmpty()) {
                bad.add(line.strip());
            }
        }
        assertTrue(bad.isEmpty(), () -> bad.size() + " internal-error / linkage-error lines in the agent's log:\n"
                + String.join("\n", bad.subList(0, Math.min(20, bad.size()))) + withAgent.describe());
    }

    @Test
    void startupWithTheAgentIsAtMostOneAndAHalfTimesTheBareOne() {
        assertDeployed(bare);
        assertDeployed(withAgent);
        double ratio = (double) agentStartupMs / bareStartupMs;
        assertTrue(ratio <= MAX_STARTUP_RATIO, () -> String.format(Locale.ROOT,
                "start-up with the agent %d ms, without %d ms: ratio %.2f > %.2f (the faster of up to two starts each)%s",
                agentStartupMs, bareStartupMs, ratio, MAX_STARTUP_RATIO, withAgent.describe()));
    }

    // ------------------------------------------------------------------ one run

    /** What one start of the server showed. */
    static final class Run {
        final String label;
        Path dir;
        String command = "";
        ChildJvm jvm;
        Long startupMs;
        String startFailure;
        final Map<String, HttpResponse> answers = new LinkedHashMap<>();
        String processOutput = "";
        String serverLogs = "";
        String agentLog = "";
        List<String> linkageLines = List.of();

        Run(String label) {
            this.label = label;
        }

        boolean deployed() {
            return startFailure == null && startupMs != null;
        }

        /** Tails of everything the run logged, for failure messages. */
        String describe() {
            return "\n=== " + label + " run in " + dir
                    + "\n--- command: " + command
                    + (startFailure == null ? "" : "\n--- start failure: " + startFailure)
                    + "\n--- child stdout/stderr (tail):\n" + tail(processOutput, 5000)
                    + "\n--- server log files (tail):\n" + tail(serverLogs, 5000)
                    + "\n--- agent log (tail):\n" + tail(agentLog, 6000) + "\n";
        }
    }

    private Run run(String label, Path dir, boolean agent) throws Exception {
        Run run = new Run(label);
        run.dir = dir;
        Files.createDirectories(dir);
        AppServers.Prepared server = recipe().prepare(recipe().name() + "-" + label, dir);
        server.builder.logDir(dir);
        Path agentLog = dir.resolve("cors-agent.log");
        if (agent) {
            Path policy = Policies.write(dir, "cors.properties",
                    Policies.CONTRACT + "cors.log.file = " + agentLog + "\n");
            // as Containers.withJavaToolOptions, with this class's copy of the agent jar
            server.builder.env("JAVA_TOOL_OPTIONS", "-javaagent:" + agentJar + "=" + policy);
        }
        run.command = server.description + (agent ? "\n  with env JAVA_TOOL_OPTIONS=-javaagent:" + agentJar + "="
                + dir.resolve("cors.properties") + " (a copy of " + Artifacts.agentJar() + ", sha-256 " + agentJarDigest + ")" : "");
        long t0 = System.nanoTime();
        ChildJvm jvm = server.builder.start();
        run.jvm = jvm;
        try {
            awaitHello(run, jvm, server, t0);
            if (run.deployed()) {
                for (Map.Entry<String, Supplier<RawHttp>> probe : probes().entrySet()) {
                    try {
                        run.answers.put(probe.getKey(), probe.getValue().get().send(server.httpPort));
                    } catch (RuntimeException e) {
                        run.answers.put(probe.getKey(), null);
                        run.startFailure = "probe " + probe.getKey() + " failed: " + e;
                    }
                }
            }
        } finally {
            jvm.close();
        }
        run.processOutput = "[stdout]\n" + jvm.stdout() + "\n[stderr]\n" + jvm.stderr();
        StringBuilder logs = new StringBuilder();
        for (Path file : AppServers.filesUnder(server.logLocations)) {
            String name = file.getFileName().toString();
            if ((name.contains(".log") || name.endsWith(".txt")) && Files.size(file) < 50_000_000) {
                logs.append("[").append(file).append("]\n").append(read(file)).append('\n');
            }
        }
        run.serverLogs = logs.toString();
        run.agentLog = read(agentLog);
        run.linkageLines = linkageLines(run.processOutput + "\n" + run.serverLogs);
        return run;
    }

    /**
     * Polls GET /shop/public/hello until 200; records the time from process start, or why it did not
     * come. Once the server itself says the WAR is deployed, it gets {@link #SERVE_GRACE_MS} more to
     * answer 200 (an app that the agent broke fails then, not after the whole start timeout).
     */
    private static void awaitHello(Run run, ChildJvm jvm, AppServers.Prepared server, long t0) throws InterruptedException {
        String last = "no answer";
        long deployedAt = 0;
        long lastLogCheck = 0;
        while (System.nanoTime() - t0 < START_TIMEOUT_MS * 1_000_000L) {
            if (!jvm.isAlive()) {
                run.startFailure = "the server process exited before /shop/public/hello answered 200 (last: " + last + ")";
                return;
            }
            for (Path marker : server.failureMarkers) {
                if (Files.exists(marker)) {
                    run.startFailure = "the deployment failed: " + marker + " appeared (" + read(marker).strip() + ")";
                    return;
                }
            }
            try {
                HttpResponse r = RawHttp.get("/shop/public/hello").send(server.httpPort);
                if (r.status() == 200) {
                    run.startupMs = (System.nanoTime() - t0) / 1_000_000L;
                    return;
                }
                last = "status " + r.status();
            } catch (RuntimeException e) {
                last = e.toString();
            }
            long now = System.nanoTime();
            if (deployedAt == 0 && now - lastLogCheck > 2_000_000_000L) {
                lastLogCheck = now;
                if (saysDeployed(jvm, server)) {
                    deployedAt = now;
                }
            }
            if (deployedAt != 0 && now - deployedAt > SERVE_GRACE_MS * 1_000_000L) {
                run.startFailure = "the server reports the WAR deployed, but /shop/public/hello did not answer 200 within "
                        + SERVE_GRACE_MS + " ms after that (last: " + last + ")";
                return;
            }
            Thread.sleep(100);
        }
        run.startFailure = "/shop/public/hello did not answer 200 within " + START_TIMEOUT_MS + " ms (last: " + last + ")";
    }

    private static boolean saysDeployed(ChildJvm jvm, AppServers.Prepared server) {
        for (Path marker : server.deployedMarkers) {
            if (Files.exists(marker)) {
                return true;
            }
        }
        if (server.deployedLogText == null) {
            return false;
        }
        if (jvm.stdout().contains(server.deployedLogText)) {
            return true;
        }
        for (Path file : AppServers.filesUnder(server.logLocations)) {
            if (file.getFileName().toString().endsWith(".log") && read(file).contains(server.deployedLogText)) {
                return true;
            }
        }
        return false;
    }

    /** The requests sent in both runs, by name. */
    static Map<String, Supplier<RawHttp>> probes() {
        Map<String, Supplier<RawHttp>> p = new LinkedHashMap<>();
        p.put("hello", () -> RawHttp.get("/shop/public/hello"));
        p.put("items-authorized", () -> RawHttp.get("/shop/api/items").authorized());
        p.put("items-unauthorized", () -> RawHttp.get("/shop/api/items"));
        p.put("boom", () -> RawHttp.get("/shop/api/boom").authorized());
        p.put("unmapped", () -> RawHttp.get("/shop/no-such-page"));
        p.put("api-unmapped", () -> RawHttp.get("/shop/api/no-such-resource").authorized());
        p.put("preflight", () -> RawHttp.preflight("/shop/api/items", APP_ORIGIN, "PUT", "Authorization"));
        p.put("cors-get", () -> RawHttp.get("/shop/api/items").authorized().origin(APP_ORIGIN));
        return p;
    }

    static List<String> linkageLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            // the agent's own report of a hook it left alone names the error it caught; that is not a failure
            if (line.contains("not hooking")) {
                continue;
            }
            for (String error : LINKAGE_ERRORS) {
                if (line.contains(error)) {
                    lines.add(line.strip());
                    break;
                }
            }
        }
        return lines;
    }

    private static int status(Run run, String probe) {
        HttpResponse r = run.answers.get(probe);
        if (r == null) {
            throw new AssertionError("no answer to " + probe + " in the " + run.label + " run" + run.describe());
        }
        return r.status();
    }

    private void assertDeployed(Run run) {
        if (!run.deployed()) {
            fail("the shop was not served on " + recipe().name() + " (" + run.label + " run): " + run.startFailure + run.describe());
        }
        HttpResponse hello = run.answers.get("hello");
        if (hello == null || hello.status() != 200) {
            fail("GET /shop/public/hello in the " + run.label + " run: " + hello + run.describe());
        }
    }

    private void writeStartupLine() throws IOException {
        String file = System.getProperty("appserver.startup.report", "target/appserver-startup.txt");
        Path report = Paths.get(file);
        Files.createDirectories(report.toAbsolutePath().getParent());
        String ratio = bareStartupMs != null && agentStartupMs != null
                ? String.format(Locale.ROOT, "%.2f", (double) agentStartupMs / bareStartupMs) : "n/a";
        if (!Files.exists(report)) {
            Files.writeString(report, "# server | child JDK | bare ms | agent ms | agent/bare  (process start to the first 200 of "
                    + "/shop/public/hello; one start each, the faster of two each when the first pair was over 1.5)\n",
                    StandardCharsets.UTF_8);
        }
        String line = String.join(" | ", recipe().name(), AppServers.childJavaVersion(),
                bareStartupMs == null ? "failed" : bareStartupMs.toString(),
                agentStartupMs == null ? "failed" : agentStartupMs.toString(), ratio) + "\n";
        Files.writeString(report, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private String summary() {
        StringBuilder sb = new StringBuilder("=== " + recipe().name() + " on JDK " + AppServers.childJavaVersion()
                + ", agent " + Artifacts.agentJar() + " sha-256 " + agentJarDigest + "\n");
        for (Run r : List.of(bare, withAgent)) {
            sb.append(r.label).append(": startup ").append(r.startupMs).append(" ms")
                    .append(r.startFailure == null ? "" : ", FAILURE " + r.startFailure).append('\n');
            r.answers.forEach((k, v) -> sb.append("  ").append(k).append(" -> ")
                    .append(v == null ? "none" : v.status() + " ACAO=" + v.header("Access-Control-Allow-Origin")).append('\n'));
            sb.append("  linkage-error lines: ").append(r.linkageLines.size()).append('\n');
            sb.append("  command: ").append(r.command).append('\n');
        }
        return sb.toString();
    }

    private static String sha256(Path file) throws IOException {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return String.format("%064x", new java.math.BigInteger(1, d));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static String tail(String text, int max) {
        return text.length() <= max ? text : "...\n" + text.substring(text.length() - max);
    }
}
