package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import java.nio.file.Path;

/** Tomcat CorsFilter's request attributes, as {@link RequestAttributesTomcat9IT}, on the standalone Tomcat 7.0.109 distribution. */
class RequestAttributesTomcat7IT extends RequestAttributesTomcat9IT {
    @Override
    Path dist() {
        return AppServers.dist("tomcat7.dist");
    }
}
