package dev.corsagent.it;

import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Cross-origin protection on the Jetty 9.4 distribution (Server.handle(HttpChannel) entry), started as {@link Jetty94IT} starts it. */
class CrossOriginProtectionJetty94IT extends CrossOriginProtectionContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return new Jetty94IT().start(policy, workDir);
    }
}
