package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import java.nio.file.Path;

/**
 * The response paths of {@link ResponsePathsTomcat9IT} (asynchronous ones included) on the standalone
 * Tomcat 8.5.100 distribution, agent via JAVA_TOOL_OPTIONS: the same hooks (StandardHostValve.invoke and
 * the coyote Response.action commit) on the older connector and output buffers.
 */
class ResponsePathsTomcat85IT extends ResponsePathsTomcat9IT {
    @Override
    Path dist() {
        return AppServers.dist("tomcat85.dist");
    }
}
