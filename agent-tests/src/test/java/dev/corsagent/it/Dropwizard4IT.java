package dev.corsagent.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Ports;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A Dropwizard 4.0.16 service ({@code sample-apps/dropwizard4}: Jetty 11.0.26, Jersey 3.0, dropwizard-auth)
 * as a shaded fat jar, started as Dropwizard documents it, with the agent via -javaagent: the whole
 * contract. dropwizard-auth's filters stand where the WAR has its AuthFilter (Bearer on /api, OPTIONS
 * included) and container authentication (BasicCredentialAuthFilter on /secure/data, alice / secret);
 * the app counts the /api requests that reach Jersey, just before the auth filter.
 */
class Dropwizard4IT extends CorsContract {
    @Override
    Set<String> targetsTheContainerRefuses() {
        // Jetty 11's default URI compliance, as in Jetty10IT: 400 before any handler
        return Set.of("/shop//api/items", "/shop/public/%2e%2e/api/items", "/shop/api/%2e%2e/public/hello");
    }

    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        int port = Ports.free();
        ChildJvm jvm = ChildJvm.builder(getClass().getSimpleName())
                .logDir(workDir)
                .workDir(workDir)
                .jvmArg("-Xmx512m")
                .jvmArg("-Ddw.server.connector.port=" + port)
                .jvmArg(Containers.javaagentOption(policy))
                .jar(fatJar())
                .args("server", "shop.yml")
                .start();
        return new RunningApp(jvm, port).awaitServing();
    }

    private static Path fatJar() {
        String value = System.getProperty("dropwizard4.jar");
        assertNotNull(value, "system property dropwizard4.jar is not set; run through Maven (mvn -B verify)");
        Path jar = Paths.get(value).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), () -> jar + " does not exist; build the reactor first (mvn -B verify)");
        return jar;
    }

    @Test
    void theAgentHookedDropwizardsJetty11() {
        String stderr = app.jvm().stderr();
        // Jetty's own entry (before Jersey and its auth filters) and commit, not only the generic chain hook
        assertTrue(stderr.contains("hooked Jetty 10/11 request entry"), () -> "stderr:\n" + stderr);
        assertTrue(stderr.contains("hooked Jetty 10/11 response commit"), () -> "stderr:\n" + stderr);
    }
}
