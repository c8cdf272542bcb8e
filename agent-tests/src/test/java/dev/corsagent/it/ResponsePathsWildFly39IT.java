package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RunningApp;
import dev.corsagent.it.support.WildFly;
import java.nio.file.Path;

/** Response paths on WildFly 39 (Undertow 2.3, jakarta): the probe JSPs deployed as an exploded probe.war next to the shop. */
class ResponsePathsWildFly39IT extends ResponsePathsContract {
    @Override
    Path dist() {
        return AppServers.dist("wildfly39.dist");
    }

    @Override
    Path war() {
        return Artifacts.jakartaWar();
    }

    @Override
    RunningApp startApp(Path work) throws Exception {
        return WildFly.start("response-paths-wildfly39", "wildfly39.dist", war(),
                Policies.write(work, "cors.properties", POLICY), work, null, WildFly::probeWar);
    }
}
