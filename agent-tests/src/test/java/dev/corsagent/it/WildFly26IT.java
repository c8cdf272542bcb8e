package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.RunningApp;
import dev.corsagent.it.support.WildFly;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * WildFly 26.1 (javax, Undertow 2.2 in JBoss Modules, standing for JBoss EAP 7.4) with the javax
 * shop; the web.xml BASIC constraint on /secure/* is enforced by Elytron (alice in the
 * ApplicationRealm's properties files). Agent via JAVA_TOOL_OPTIONS, its log in cors.log.file. Skipped
 * on Java 24+, where WildFly 26 does not start.
 */
class WildFly26IT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return WildFly.start("wildfly26", "wildfly26.dist", Artifacts.javaxWar(), policy, workDir);
    }

    @Override
    String notRunnableReason() {
        return WildFly.wildfly26NotRunnableReason();
    }

    @Override
    String agentLog() throws java.io.IOException {
        return Files.readString(WildFly.agentLog(work));
    }
}
