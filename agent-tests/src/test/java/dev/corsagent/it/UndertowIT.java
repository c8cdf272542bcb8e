package dev.corsagent.it;

import dev.corsagent.it.fixtures.undertow.UndertowShopLauncher;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Ports;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Embedded Undertow 2.3 (jakarta) serving the jakarta shop WAR's classes through the deployment
 * {@link UndertowShopLauncher} builds from the shop's web.xml; agent via -javaagent.
 */
class UndertowIT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        int port = Ports.free();
        ChildJvm jvm = ChildJvm.builder("undertow").logDir(workDir).workDir(workDir)
                .jvmArg(Containers.javaagentOption(policy))
                .classpath(undertowLibs() + "/*:" + Artifacts.testClasses())
                .mainClass(UndertowShopLauncher.class.getName())
                .args("--port", Integer.toString(port), "--war", Artifacts.jakartaWar().toString())
                .start();
        return new RunningApp(jvm, port).awaitServing();
    }

    /** undertow-servlet and its dependencies (target/undertow-lib, set by the failsafe configuration). */
    static Path undertowLibs() {
        String dir = System.getProperty("undertow.libs");
        if (dir == null) {
            throw new IllegalStateException("system property undertow.libs is not set; run through Maven");
        }
        return Paths.get(dir).toAbsolutePath();
    }
}
