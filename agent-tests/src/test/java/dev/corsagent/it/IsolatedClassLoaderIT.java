package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertSingleHeader;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.fixtures.isolated.IsolatedLauncher;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.Ports;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Tomcat and the app loaded by a class loader that does not delegate to the system class path
 * (its parent is the platform loader: JDK modules and the bootstrap class path only), as under
 * JBoss Modules or OSGi: the advice inlined into Tomcat can only reach the agent through the
 * bridge on the bootstrap class path.
 */
class IsolatedClassLoaderIT extends AppPerClass {
    @Override
    RunningApp startApp(Path work) throws Exception {
        Path policy = Policies.write(work, "cors.properties", Policies.CONTRACT);
        int port = Ports.free();
        ChildJvm jvm = ChildJvm.builder("isolated-tomcat9")
                .logDir(work)
                .workDir(work)
                .jvmArg(Containers.javaagentOption(policy))
                .classpath(Artifacts.testClasses().toString())
                .mainClass(IsolatedLauncher.class.getName())
                .args("--port", Integer.toString(port), "--war", Artifacts.javaxWar().toString(),
                        "--libs", Artifacts.isolatedTomcatLibs().toString(),
                        "--classes", Artifacts.testClasses().toString(),
                        "--base", work.resolve("tomcat").toString())
                .start();
        return new RunningApp(jvm, port).awaitServing();
    }

    @Test
    void tomcatReallyRunsInTheIsolatedLoader() {
        assertTrue(app.jvm().stdout().contains("parent is the platform loader: true; listening on"), app.jvm().describe());
    }

    @Test
    void preflightIsAnsweredByTheAgentThroughTheBootstrapBridge() {
        int optionsBefore = app.filterOptions();

        HttpResponse r = app.send(RawHttp.preflight("/shop/api/items", "https://app.example.com", "DELETE", "authorization"));

        assertStatus(204, r);
        assertSingleHeader("Access-Control-Allow-Origin", "https://app.example.com", r);
        assertEquals(optionsBefore, app.filterOptions(), "the app must not see the preflight");
    }

    @Test
    void actualRequestGetsTheGrant() {
        HttpResponse r = app.send(RawHttp.get("/shop/api/items").origin("https://app.example.com").authorized());

        assertStatus(200, r);
        assertActualGrant("https://app.example.com", r);
    }
}
