package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;

/** As {@link OpenLibertyIT} with the javax shop on servlet-4.0 and appSecurity-3.0: the same advice in the javax bundle. */
class OpenLibertyJavaxIT extends OpenLibertyIT {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.openLiberty(Artifacts.javaxWar(), "servlet-4.0", "appSecurity-3.0");
    }
}
