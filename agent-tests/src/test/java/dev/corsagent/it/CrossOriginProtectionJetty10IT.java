package dev.corsagent.it;

import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Cross-origin protection on the Jetty 10 distribution (the 9.4 entry advice compiled against Jetty 10), started as {@link Jetty10IT} starts it. */
class CrossOriginProtectionJetty10IT extends CrossOriginProtectionContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return new Jetty10IT().start(policy, workDir);
    }
}
