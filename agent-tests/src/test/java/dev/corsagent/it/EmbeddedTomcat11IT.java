package dev.corsagent.it;

import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Embedded Tomcat 11 (jakarta) from the sample launcher, agent via -javaagent. */
class EmbeddedTomcat11IT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return Containers.embeddedTomcat11("embedded-tomcat11", policy, workDir);
    }
}
