package dev.corsagent.it;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;

/**
 * Payara Micro 7 (Grizzly + web-core, flat class loading) with the jakarta shop: safe with and
 * without the agent. Payara Micro 7 needs Java 21+, so the class is skipped when the child JVMs run
 * on an older JDK (-Djava.home.for.tests; the children-on-java25 pass runs it).
 */
class PayaraMicro7SafetyIT extends AppServerSafetyContract {
    @Override
    AppServers.Recipe recipe() {
        return AppServers.payaraMicro7(Artifacts.jakartaWar());
    }

    @Override
    String notRunnableReason() {
        return AppServers.childJavaMajor() >= 21 ? null
                : "Payara Micro 7 needs Java 21+; the child JDK (java.home.for.tests) is " + AppServers.childJavaVersion();
    }
}
