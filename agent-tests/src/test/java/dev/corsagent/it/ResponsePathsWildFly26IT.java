package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RunningApp;
import dev.corsagent.it.support.WildFly;
import java.nio.file.Path;

/** Response paths on WildFly 26.1 (Undertow 2.2, javax; skipped on Java 24+): the probe JSPs deployed as an exploded probe.war next to the shop. */
class ResponsePathsWildFly26IT extends ResponsePathsContract {
    @Override
    Path dist() {
        return AppServers.dist("wildfly26.dist");
    }

    @Override
    Path war() {
        return Artifacts.javaxWar();
    }

    @Override
    RunningApp startApp(Path work) throws Exception {
        return WildFly.start("response-paths-wildfly26", "wildfly26.dist", war(),
                Policies.write(work, "cors.properties", POLICY), work, WildFly.wildfly26NotRunnableReason(), WildFly::probeWar);
    }
}
