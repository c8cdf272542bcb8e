package dev.corsagent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The agent given twice, by -javaagent and by JAVA_TOOL_OPTIONS (a staging host with the variable
 * set, running an app whose start script also has the flag). The whole contract must still hold:
 * every assertion on a single header value catches a header written twice.
 */
class DoubleAgentIT extends CorsContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return Containers.embedded("double-agent-tomcat9", Artifacts.tomcat9Launcher(), Artifacts.javaxWar(), workDir,
                Containers.withJavaagent(policy).andThen(Containers.withJavaToolOptions(policy)));
    }

    @Test
    void bothCopiesWereReallyGiven() {
        String stderr = app.jvm().stderr();
        assertTrue(stderr.contains("Picked up JAVA_TOOL_OPTIONS: -javaagent:"), stderr);
    }
}
