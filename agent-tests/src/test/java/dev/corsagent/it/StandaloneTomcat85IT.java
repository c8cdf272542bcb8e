package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Standalone Tomcat 8.5.100 distribution with the javax WAR, agent only via JAVA_TOOL_OPTIONS: the whole contract. */
class StandaloneTomcat85IT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return Containers.standalone("standalone-tomcat85", AppServers.dist("tomcat85.dist"), Artifacts.javaxWar(), policy, workDir);
    }
}
