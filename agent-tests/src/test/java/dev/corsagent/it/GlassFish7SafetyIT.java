package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;

/** GlassFish 7 (Grizzly + web-core on Felix), asadmin start-domain --verbose, the jakarta shop in autodeploy: safe with and without the agent. */
class GlassFish7SafetyIT extends AppServerSafetyContract {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.glassfish7(Artifacts.jakartaWar());
    }

    /**
     * GlassFish 7.0.21 does not start on Java 25 (Felix cannot resolve several of its bundles, also
     * without the agent). It runs on 17; 22 to 24 were not tried, so anything above 21 is skipped.
     */
    @Override
    String notRunnableReason() {
        return AppServers.childJavaMajor() <= 21 ? null
                : "GlassFish 7.0.21 does not start on Java 22+ (seen on 25: Felix fails to resolve its bundles, also without the agent); the child JDK is "
                        + AppServers.childJavaVersion();
    }
}
