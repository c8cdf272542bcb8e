package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import java.nio.file.Path;

/** Request attributes on a standalone Tomcat 10, agent via JAVA_TOOL_OPTIONS. */
class RequestAttributesTomcat10IT extends RequestAttributesContract {
    @Override
    Path dist() {
        return Artifacts.tomcat10Dist();
    }

    @Override
    Path war() {
        return Artifacts.jakartaWar();
    }
}
