package dev.corsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 on a real server: the agent's JMX beans, read from another JVM, and
 * {@code java -jar cors-agent.jar status PID}. The server runs with the agent in JAVA_TOOL_OPTIONS;
 * the test sends an allowed GET, a GET from an unlisted origin and a denied preflight, then reads
 * the counters over JMX (this test JVM attaches and starts the server's local management agent)
 * and runs the status command in a JVM of its own.
 */
abstract class StatusContract extends AppPerClass {
    static final String APP_ORIGIN = "https://app.example.com";
    static final String POLICY = "cors.policies = api\n"
            + "cors.policy.api.paths = /shop/api/**\n"
            + "cors.policy.api.allowed-origins = " + APP_ORIGIN + "\n"
            + "cors.policy.api.allow-credentials = true\n";
    Path agentLog;

    abstract RunningApp start(Path policy, Path workDir) throws Exception;

    @Override
    RunningApp startApp(Path work) throws Exception {
        agentLog = work.resolve("agent.log");
        Path policy = Policies.write(work, "cors.properties", POLICY + "cors.log.file = " + agentLog + "\n");
        return start(policy, work);
    }

    @BeforeAll
    void sendTheRequestsToCount() {
        HttpResponse granted = app.send(RawHttp.get("/shop/api/items").origin(APP_ORIGIN));
        assertEquals(APP_ORIGIN, granted.header("Access-Control-Allow-Origin"), granted.toString());
        HttpResponse notGranted = app.send(RawHttp.get("/shop/api/items").origin("https://evil.example"));
        assertEquals(null, notGranted.header("Access-Control-Allow-Origin"), notGranted.toString());
        HttpResponse denied = app.send(RawHttp.options("/shop/api/items").origin(APP_ORIGIN)
                .header("Access-Control-Request-Method", "DELETE"));
        assertEquals(403, denied.status(), denied.toString());
    }

    private String agentLogText() throws IOException {
        return Files.exists(agentLog) ? Files.readString(agentLog, StandardCharsets.UTF_8) : "";
    }

    @Test
    void theBeansAreReadOverJmxFromAnotherJvm() throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.jvm().pid()));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName agent = new ObjectName("dev.corsagent:type=Agent");
            long deadline = System.currentTimeMillis() + 10_000; // registered on its own thread after the first request
            while (!server.isRegistered(agent)) {
                assertTrue(System.currentTimeMillis() < deadline, "no " + agent + "\n" + agentLogText());
                Thread.sleep(100);
            }
            assertEquals("enforce", server.getAttribute(agent, "Mode"));
            assertEquals("loaded", server.getAttribute(agent, "LastReloadResult"));
            ObjectName api = new ObjectName("dev.corsagent:type=Policy,name=\"api\"");
            assertEquals(1L, server.getAttribute(api, "ActualGranted"));
            assertEquals(1L, server.getAttribute(api, "ActualNotGranted"));
            assertEquals(1L, server.getAttribute(api, "PreflightsDenied"));
            assertEquals(0L, server.getAttribute(api, "PreflightsAllowed"));
            assertTrue((Long) server.getAttribute(api, "WithoutOrigin") == 0L,
                    "the server was polled on /shop/stats, which the policy does not cover");
            String[] denials = (String[]) server.getAttribute(agent, "RecentDenials");
            assertEquals(2, denials.length, String.join("\n", denials));
            assertTrue(denials[0].contains("method DELETE is not in allowed-methods"), denials[0]);
            assertTrue(denials[1].contains("https://evil.example"), denials[1]);
        }
        assertTrue(agentLogText().contains("JMX: registered dev.corsagent:type=Agent"), agentLogText());
    }

    @Test
    void theStatusCommandPrintsTheStateCountersAndDenials() throws Exception {
        Result status = statusOf(app.jvm().pid());
        assertEquals(0, status.exit, status.output);
        assertTrue(status.output.contains("(mode enforce)"), status.output);
        assertTrue(status.output.contains("api: paths [/shop/api/**]"), status.output);
        assertTrue(status.output.contains("preflights allowed 0, denied 1; actual granted 1, not granted 1"), status.output);
        assertTrue(status.output.contains("method DELETE is not in allowed-methods"), status.output);
    }

    @Test
    void theStatusOfAJvmWithoutTheAgentSaysSoAndExits1() throws Exception {
        Result status = statusOf(ProcessHandle.current().pid()); // this test JVM has no agent
        assertEquals(1, status.exit, status.output);
        assertTrue(status.output.contains("no cors-agent in process"), status.output);
    }

    @Test
    void theStatusOfNoSuchProcessExits1() throws Exception {
        Result status = statusOf(Integer.MAX_VALUE - 7);
        assertEquals(1, status.exit, status.output);
        assertTrue(status.output.contains("could not attach"), status.output);
    }

    record Result(int exit, String output) {
    }

    static Result statusOf(long pid) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(Artifacts.agentJar().toString());
        command.add("status");
        command.add(String.valueOf(pid));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "status did not finish");
        return new Result(process.exitValue(), output);
    }
}
