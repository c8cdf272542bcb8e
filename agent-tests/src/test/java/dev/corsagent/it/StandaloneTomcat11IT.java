package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Standalone Tomcat 11 distribution, agent only via JAVA_TOOL_OPTIONS. */
class StandaloneTomcat11IT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return Containers.standalone("standalone-tomcat11", Artifacts.tomcat11Dist(), Artifacts.jakartaWar(), policy, workDir);
    }
}
