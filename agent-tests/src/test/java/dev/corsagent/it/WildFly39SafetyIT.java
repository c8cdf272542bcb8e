package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;

/** WildFly 39 (jakarta, Undertow 2.3 in JBoss Modules) with the jakarta shop in standalone/deployments: safe with and without the agent. */
class WildFly39SafetyIT extends AppServerSafetyContract {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.wildfly("wildfly39", "wildfly39.dist", Artifacts.jakartaWar());
    }
}
