package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import java.nio.file.Path;

/** Request attributes on a standalone Tomcat 9, agent via JAVA_TOOL_OPTIONS. */
class RequestAttributesTomcat9IT extends RequestAttributesContract {
    @Override
    Path dist() {
        return Artifacts.tomcat9Dist();
    }

    @Override
    Path war() {
        return Artifacts.javaxWar();
    }
}
