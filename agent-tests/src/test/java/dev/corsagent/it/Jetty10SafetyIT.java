package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;

/** Jetty 10 from jetty-home with the javax shop in a fresh jetty base: safe with and without the agent. */
class Jetty10SafetyIT extends AppServerSafetyContract {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.jetty10(Artifacts.javaxWar());
    }
}
