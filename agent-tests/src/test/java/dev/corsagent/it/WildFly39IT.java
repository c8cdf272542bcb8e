package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.RunningApp;
import dev.corsagent.it.support.WildFly;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * WildFly 39 (jakarta, Undertow 2.3 in JBoss Modules, standing for JBoss EAP 8) with the jakarta
 * shop; the web.xml BASIC constraint on /secure/* is enforced by Elytron (alice in the
 * ApplicationRealm's properties files). Agent via JAVA_TOOL_OPTIONS, its log in cors.log.file.
 */
class WildFly39IT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return WildFly.start("wildfly39", "wildfly39.dist", Artifacts.jakartaWar(), policy, workDir);
    }

    @Override
    String agentLog() throws java.io.IOException {
        return Files.readString(WildFly.agentLog(work));
    }
}
