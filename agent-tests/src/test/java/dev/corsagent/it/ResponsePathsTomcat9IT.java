package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import java.nio.file.Path;

/** Response paths on a standalone Tomcat 9, agent via JAVA_TOOL_OPTIONS. */
class ResponsePathsTomcat9IT extends ResponsePathsContract {
    @Override
    Path dist() {
        return Artifacts.tomcat9Dist();
    }

    @Override
    Path war() {
        return Artifacts.javaxWar();
    }
}
