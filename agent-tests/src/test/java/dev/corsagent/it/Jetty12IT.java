package dev.corsagent.it;

import dev.corsagent.it.fixtures.jetty.JettyShopLauncher;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Ports;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.util.Set;

/**
 * Jetty 12 (ee10) with the jakarta shop WAR, agent via -javaagent. The agent has no Jetty-specific
 * hook: this is its generic filter-chain hook in a real container other than Tomcat.
 */
class Jetty12IT extends CorsContract {
    @Override
    Set<String> targetsTheContainerRefuses() {
        // Jetty 12's default URI compliance rejects empty segments and encoded dot segments
        return Set.of("/shop//api/items", "/shop/public/%2e%2e/api/items", "/shop/api/%2e%2e/public/hello");
    }

    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        int port = Ports.free();
        ChildJvm jvm = ChildJvm.builder("jetty12").logDir(workDir).workDir(workDir)
                .jvmArg(Containers.javaagentOption(policy))
                .classpath(Artifacts.jettyLibs() + "/*:" + Artifacts.testClasses())
                .mainClass(JettyShopLauncher.class.getName())
                .args("--port", Integer.toString(port), "--war", Artifacts.jakartaWar().toString())
                .start();
        return new RunningApp(jvm, port).awaitServing();
    }
}
