package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import java.nio.file.Path;

/** Tomcat CorsFilter's request attributes, as {@link RequestAttributesTomcat9IT}, on the standalone Tomcat 8.5.100 distribution. */
class RequestAttributesTomcat85IT extends RequestAttributesTomcat9IT {
    @Override
    Path dist() {
        return AppServers.dist("tomcat85.dist");
    }
}
