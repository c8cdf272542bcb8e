package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import java.util.List;

/** WildFly 26.1 (javax, Undertow 2.2 in JBoss Modules) with the javax shop in standalone/deployments: safe with and without the agent. */
class WildFly26SafetyIT extends AppServerSafetyContract {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.wildfly("wildfly26", "wildfly26.dist", Artifacts.javaxWar());
    }

    /**
     * WildFly 26's jboss-modules installs a security Policy at start, which Java 24+ refuses
     * (UnsupportedOperationException from Policy.setPolicy, also without the agent; seen on 25.0.3).
     */
    @Override
    String notRunnableReason() {
        return AppServers.childJavaMajor() < 24 ? null
                : "WildFly 26 does not start on Java 24+ (jboss-modules calls Policy.setPolicy, removed by JEP 486); the child JDK is "
                        + AppServers.childJavaVersion();
    }

    /** Undertow's own entry and commit hooks, not the generic filter-chain fallback (which runs after Elytron). */
    @Override
    List<String> expectedHookLines() {
        return List.of("hooked Undertow servlet request entry (ServletInitialHandler.dispatchRequest)",
                "hooked Undertow response commit (HttpServerExchange.startResponse)");
    }
}
