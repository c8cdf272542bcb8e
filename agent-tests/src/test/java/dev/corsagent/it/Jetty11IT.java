package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/**
 * Jetty 11.0.26 from the jetty-home distribution with the jakarta shop WAR, container auth by the
 * "shop" realm, the agent only in JAVA_TOOL_OPTIONS: the whole contract. Jetty 11 is Jetty 10 on
 * jakarta.servlet 5, so the same hooks apply (the entry advice calls nothing whose descriptor names
 * the servlet API; the commit advice is Jetty 10's, on HttpFields.Mutable).
 */
class Jetty11IT extends Jetty10IT {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        AppServers.Prepared jetty = AppServers.jetty11(Artifacts.jakartaWar()).prepare("jetty11", workDir);
        ChildJvm.Builder builder = jetty.builder.logDir(workDir);
        Containers.withJavaToolOptions(policy).accept(builder);
        return new RunningApp(builder.start(), jetty.httpPort).awaitServing();
    }
}
