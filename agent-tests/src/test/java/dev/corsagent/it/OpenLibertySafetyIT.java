package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;

/** Open Liberty 26 (servlet-6.0, appSecurity-5.0, Equinox OSGi) with the jakarta shop: safe with and without the agent. */
class OpenLibertySafetyIT extends AppServerSafetyContract {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.openLiberty(Artifacts.jakartaWar());
    }

}
