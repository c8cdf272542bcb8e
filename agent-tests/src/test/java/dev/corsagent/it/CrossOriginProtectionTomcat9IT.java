package dev.corsagent.it;

import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Cross-origin protection on embedded Tomcat 9 (StandardHostValve entry). */
class CrossOriginProtectionTomcat9IT extends CrossOriginProtectionContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return Containers.embeddedTomcat9("protect-tomcat9", policy, workDir);
    }
}
