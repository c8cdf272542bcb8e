package dev.corsagent.it;

import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Cross-origin protection on Open Liberty 26 (WebAppFilterManager.invokeFilters entry, before its security collaborators), started as {@link OpenLibertyIT} starts it. */
class CrossOriginProtectionOpenLibertyIT extends CrossOriginProtectionContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return new OpenLibertyIT().start(policy, workDir);
    }
}
