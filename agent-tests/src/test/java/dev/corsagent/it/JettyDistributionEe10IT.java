package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.JettyDistribution;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.util.Set;

/** The Jetty 12 distribution (jetty-home), the jakarta WAR on ee10-deploy, agent only via JAVA_TOOL_OPTIONS. */
class JettyDistributionEe10IT extends CorsContract {
    @Override
    Set<String> targetsTheContainerRefuses() {
        // Jetty 12's default URI compliance rejects empty segments and encoded dot segments
        return Set.of("/shop//api/items", "/shop/public/%2e%2e/api/items", "/shop/api/%2e%2e/public/hello");
    }

    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return JettyDistribution.start("jetty-home-ee10", "ee10", Artifacts.jakartaWar(), policy, workDir);
    }
}
