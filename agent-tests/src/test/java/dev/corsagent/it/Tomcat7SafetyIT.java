package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;

/** Standalone Tomcat 7.0 with the javax shop in webapps/: safe with and without the agent. */
class Tomcat7SafetyIT extends AppServerSafetyContract {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.tomcat("tomcat7", "tomcat7.dist", Artifacts.javaxWar());
    }
}
