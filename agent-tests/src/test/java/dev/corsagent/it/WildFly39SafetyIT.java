package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import java.util.List;

/** WildFly 39 (jakarta, Undertow 2.3 in JBoss Modules) with the jakarta shop in standalone/deployments: safe with and without the agent. */
class WildFly39SafetyIT extends AppServerSafetyContract {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.wildfly("wildfly39", "wildfly39.dist", Artifacts.jakartaWar());
    }

    /** Undertow's own entry and commit hooks, not the generic filter-chain fallback (which runs after Elytron). */
    @Override
    List<String> expectedHookLines() {
        return List.of("hooked Undertow servlet request entry (ServletInitialHandler.dispatchRequest)",
                "hooked Undertow response commit (HttpServerExchange.startResponse)");
    }
}
