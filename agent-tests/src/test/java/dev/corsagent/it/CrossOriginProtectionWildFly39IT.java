package dev.corsagent.it;

import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Cross-origin protection on WildFly 39 (Undertow in JBoss Modules, before Elytron), started as {@link WildFly39IT} starts it. */
class CrossOriginProtectionWildFly39IT extends CrossOriginProtectionContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return new WildFly39IT().start(policy, workDir);
    }

    @Override
    String agentLog() throws java.io.IOException {
        return java.nio.file.Files.readString(dev.corsagent.it.support.WildFly.agentLog(work));
    }
}
