package dev.corsagent.it;

import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Cross-origin protection on embedded Jetty 12 ee10 (Server.handle entry), started as {@link Jetty12IT} starts it. */
class CrossOriginProtectionJetty12IT extends CrossOriginProtectionContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return new Jetty12IT().start(policy, workDir);
    }
}
