package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.util.Set;

/**
 * Jetty 10 from the jetty-home distribution, set up as Jetty 9.4 is (the javax WAR, the "shop" realm
 * for the web.xml BASIC constraint), the agent only in JAVA_TOOL_OPTIONS: the whole contract through
 * Jetty 10's own hooks (the 9.4 entry advice, the Jetty 10 commit advice), container auth included.
 */
class Jetty10IT extends Jetty94IT {
    @Override
    Set<String> targetsTheContainerRefuses() {
        // Jetty 10's default URI compliance rejects empty segments and encoded dot segments (400, before any handler)
        return Set.of("/shop//api/items", "/shop/public/%2e%2e/api/items", "/shop/api/%2e%2e/public/hello");
    }

    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        AppServers.Prepared jetty = AppServers.jetty10(Artifacts.javaxWar()).prepare("jetty10", workDir);
        ChildJvm.Builder builder = jetty.builder.logDir(workDir);
        Containers.withJavaToolOptions(policy).accept(builder);
        return new RunningApp(builder.start(), jetty.httpPort).awaitServing();
    }
}
