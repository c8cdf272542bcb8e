package dev.corsagent.it;

import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Embedded Tomcat 10.1 (jakarta) from the sample launcher, agent via -javaagent. */
class EmbeddedTomcat10IT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return Containers.embeddedTomcat10("embedded-tomcat10", policy, workDir);
    }
}
