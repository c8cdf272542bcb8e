package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.GlassFishRealm;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.RunningApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Payara Micro 7 (web-core on Grizzly, flat class loading) with the jakarta shop, the agent through
 * JAVA_TOOL_OPTIONS, and the WAR's BASIC constraint checked against the file realm: alice is put in
 * the keyfile of the root directory before the start (Payara Micro maps groups to roles by name).
 * Payara Micro 7 needs Java 21+: run with -Djava.home.for.tests (the children-on-java25 pass does).
 */
class PayaraMicro7IT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        AppServers.Prepared server = AppServers.payaraMicro7(Artifacts.jakartaWar()).prepare("payara-micro7", workDir);
        // the keyfile format is GlassFish's; GlassFish's own helper writes it
        GlassFishRealm.addUser(AppServers.dist("glassfish7.dist").resolve("glassfish/modules/common-util.jar"),
                workDir.resolve("payara-root/config/keyfile"));
        // as on GlassFish: Grizzly refuses a DELETE with a body unless the listener allows it
        Path preBoot = Files.writeString(workDir.resolve("pre-boot-commands.txt"),
                "set configs.config.server-config.network-config.protocols.protocol.http-listener"
                        + ".http.allow-payload-for-undefined-http-methods=true\n", StandardCharsets.UTF_8);
        server.builder.args("--prebootcommandfile", preBoot.toString());
        server.builder.logDir(workDir);
        Containers.withJavaToolOptions(policy).accept(server.builder);
        return new RunningApp(server.builder.start(), server.httpPort).awaitServing();
    }

    /** Payara's mapper, like GlassFish's, redirects "/shop;v=1/..." to "/shop/" before any valve. */
    @Override
    boolean refusedByTheContainer(String target, HttpResponse r) {
        if (!GlassFish7IT.SHOP_WITH_PATH_PARAMETERS.equals(target)) {
            return false;
        }
        assertStatus(301, r);
        assertNoCorsHeaders(r);
        return true;
    }

    @Override
    String notRunnableReason() {
        return reasonNotRunnable();
    }

    static String reasonNotRunnable() {
        return AppServers.childJavaMajor() >= 21 ? null
                : "Payara Micro 7 needs Java 21+; the child JDK (java.home.for.tests) is " + AppServers.childJavaVersion();
    }
}
