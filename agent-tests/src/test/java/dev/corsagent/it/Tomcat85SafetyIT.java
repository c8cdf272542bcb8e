package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;

/** Standalone Tomcat 8.5 with the javax shop in webapps/: safe with and without the agent. */
class Tomcat85SafetyIT extends AppServerSafetyContract {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.tomcat("tomcat85", "tomcat85.dist", Artifacts.javaxWar());
    }
}
