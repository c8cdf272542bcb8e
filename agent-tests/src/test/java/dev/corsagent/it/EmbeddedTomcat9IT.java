package dev.corsagent.it;

import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Embedded Tomcat 9 (javax) from the sample launcher, agent via -javaagent. */
class EmbeddedTomcat9IT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return Containers.embeddedTomcat9("embedded-tomcat9", policy, workDir);
    }
}
