package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.GlassFishRealm;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/**
 * GlassFish 7 Server (web-core on Grizzly, in Felix): asadmin start-domain with the jakarta shop in
 * autodeploy, the agent through JAVA_TOOL_OPTIONS, and the WAR's BASIC constraint checked against
 * the file realm (user alice in group cors-user, groups mapped to roles by name).
 */
class GlassFish7IT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        AppServers.Prepared server = AppServers.glassfish7(Artifacts.jakartaWar()).prepare("glassfish7", workDir);
        Path domain = workDir.resolve("domains/domain1");
        GlassFishRealm.mapRolesToGroups(domain.resolve("config/domain.xml"));
        GlassFishRealm.allowDeleteWithBody(domain.resolve("config/domain.xml"));
        GlassFishRealm.addUser(AppServers.dist("glassfish7.dist").resolve("glassfish/modules/common-util.jar"),
                domain.resolve("config/keyfile"));
        server.builder.logDir(workDir);
        Containers.withJavaToolOptions(policy).accept(server.builder);
        return new RunningApp(server.builder.start(), server.httpPort).awaitServing();
    }

    /**
     * GlassFish's mapper ends the path at the first ';' ("/shop") and redirects that to "/shop/"
     * itself, before any valve: no plan, so not even Vary (the agent's entry never saw it).
     */
    @Override
    boolean refusedByTheContainer(String target, HttpResponse r) {
        if (!SHOP_WITH_PATH_PARAMETERS.equals(target)) {
            return false;
        }
        assertStatus(301, r);
        assertNoCorsHeaders(r);
        return true;
    }

    static final String SHOP_WITH_PATH_PARAMETERS = "/shop;v=1/api;x=2/items";

    /** As GlassFish7SafetyIT: 7.0.21 does not start on Java 22+. */
    @Override
    String notRunnableReason() {
        return reasonNotRunnable();
    }

    static String reasonNotRunnable() {
        return AppServers.childJavaMajor() <= 21 ? null
                : "GlassFish 7.0.21 does not start on Java 22+ (Felix fails to resolve its bundles, also without the agent); the child JDK is "
                        + AppServers.childJavaVersion();
    }
}
