package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.RawHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Eventually;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where the agent finds its file (SPEC: the agent argument; else -Dcors.config; else
 * CORS_AGENT_CONFIG; with none, one warning and nothing added), each on its own embedded Tomcat 9.
 */
@Timeout(120)
class ConfigLookupIT {
    private static final String ORIGIN = "https://app.example.com";

    @Test
    void systemPropertyCorsConfig() throws Exception {
        try (RunningApp app = start("lookup-system-property", (policy, jvm) -> jvm
                .jvmArg("-javaagent:" + Artifacts.agentJar()).jvmArg("-Dcors.config=" + policy))) {
            assertActualGrant(ORIGIN, items(app));
        }
    }

    @Test
    void environmentVariableCorsAgentConfig() throws Exception {
        try (RunningApp app = start("lookup-environment", (policy, jvm) -> jvm
                .jvmArg("-javaagent:" + Artifacts.agentJar()).env("CORS_AGENT_CONFIG", policy.toString()))) {
            assertActualGrant(ORIGIN, items(app));
        }
    }

    @Test
    void theAgentArgumentWinsOverTheOthers() throws Exception {
        try (RunningApp app = start("lookup-argument-first", (policy, jvm) -> jvm
                .jvmArg(Containers.javaagentOption(policy))
                .jvmArg("-Dcors.config=" + policy.resolveSibling("missing.properties"))
                .env("CORS_AGENT_CONFIG", policy.resolveSibling("missing-too.properties").toString()))) {
            assertActualGrant(ORIGIN, items(app));
        }
    }

    @Test
    void withoutAnyConfigTheAgentWarnsOnceAndAddsNothing() throws Exception {
        try (RunningApp app = start("lookup-none", (policy, jvm) -> jvm.jvmArg("-javaagent:" + Artifacts.agentJar()))) {
            HttpResponse r = items(app);
            assertStatus(200, r);
            assertNoCorsHeaders(r);
            long warnings = app.jvm().stderr().lines().filter(l -> l.contains("[cors-agent]") && l.contains("WARN")).count();
            assertEquals(1, warnings, () -> "one warning expected:\n" + app.jvm().stderr());
        }
    }

    @Test
    void aFileMissingAtStartIsWatchedUntilItAppears() throws Exception {
        Path work = Artifacts.workDir("ConfigLookupIT-missing-file");
        Path policy = work.resolve("later.properties");
        try (RunningApp app = Containers.embeddedTomcat9("lookup-missing-file", policy, work)) {
            HttpResponse before = items(app);
            assertStatus(200, before);
            assertNoCorsHeaders(before);
            assertTrue(app.jvm().stderr().contains("later.properties"), () -> "the missing file must be named:\n" + app.jvm().stderr());

            Policies.write(work, "later.properties", Policies.CONTRACT);

            assertActualGrant(ORIGIN, Eventually.response(Duration.ofSeconds(15), () -> items(app),
                    r -> r.header("Access-Control-Allow-Origin") != null));
        }
    }

    @Test
    void modeOffAddsNothingAndAnswersNoPreflight() throws Exception {
        Path work = Artifacts.workDir("ConfigLookupIT-mode-off");
        Path policy = Policies.write(work, "cors.properties", "cors.mode = off\n" + Policies.CONTRACT);
        try (RunningApp app = Containers.embeddedTomcat9("mode-off", policy, work)) {
            int optionsBefore = app.filterOptions();
            HttpResponse preflight = app.send(RawHttp.preflight("/shop/api/items", ORIGIN, "PUT", "authorization"));
            assertStatus(401, preflight);
            assertNoCorsHeaders(preflight);
            assertEquals(optionsBefore + 1, app.filterOptions(), "with mode off the app answers the preflight");

            HttpResponse legacy = app.send(get("/shop/api/legacy-cors").origin(ORIGIN).authorized());
            assertEquals(List.of("*"), legacy.headers("Access-Control-Allow-Origin"), () -> "the app's own header stays\n" + legacy);
        }
    }

    private static HttpResponse items(RunningApp app) {
        return app.send(get("/shop/api/items").origin(ORIGIN).authorized());
    }

    private interface AgentSetup {
        void apply(Path policy, ChildJvm.Builder jvm);
    }

    private static RunningApp start(String name, AgentSetup setup) throws Exception {
        Path work = Artifacts.workDir("ConfigLookupIT-" + name);
        Path policy = Policies.write(work, "cors.properties", Policies.CONTRACT);
        Consumer<ChildJvm.Builder> agent = jvm -> setup.apply(policy, jvm);
        return Containers.embedded(name, Artifacts.tomcat9Launcher(), Artifacts.javaxWar(), work, agent);
    }
}
