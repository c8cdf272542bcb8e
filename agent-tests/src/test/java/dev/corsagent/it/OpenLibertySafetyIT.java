package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;

/** Open Liberty 26 (servlet-6.0, appSecurity-5.0, Equinox OSGi) with the jakarta shop: safe with and without the agent. */
class OpenLibertySafetyIT extends AppServerSafetyContract {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.openLiberty(Artifacts.jakartaWar());
    }

    /**
     * No CORS on Liberty with JAVA_TOOL_OPTIONS alone: Equinox does not delegate dev.corsagent.bridge
     * to the boot loader unless the operator sets org.osgi.framework.bootdelegation, so a safe agent
     * must leave Liberty's filter chain alone and say "not hooking". (Flip this when the agent gets
     * Liberty support that works without that setting.)
     */
    @Override
    boolean expectsCors() {
        return false;
    }
}
