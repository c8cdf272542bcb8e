package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import java.nio.file.Path;

/** Response paths on a standalone Tomcat 10, agent via JAVA_TOOL_OPTIONS. */
class ResponsePathsTomcat10IT extends ResponsePathsContract {
    @Override
    Path dist() {
        return Artifacts.tomcat10Dist();
    }

    @Override
    Path war() {
        return Artifacts.jakartaWar();
    }
}
