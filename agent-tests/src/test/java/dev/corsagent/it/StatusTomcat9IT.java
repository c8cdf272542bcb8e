package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** The JMX beans and {@code status PID} on the standalone Tomcat 9 distribution, agent in JAVA_TOOL_OPTIONS. */
class StatusTomcat9IT extends StatusContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return Containers.standalone("status-tomcat9", Artifacts.tomcat9Dist(), Artifacts.javaxWar(), policy, workDir);
    }
}
