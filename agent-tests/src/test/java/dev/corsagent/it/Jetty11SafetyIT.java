package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;

/** Jetty 11 from jetty-home with the jakarta shop in a fresh jetty base: safe with and without the agent. */
class Jetty11SafetyIT extends AppServerSafetyContract {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.jetty11(Artifacts.jakartaWar());
    }
}
