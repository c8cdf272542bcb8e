package dev.corsagent.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JMX beans and {@code status PID} on WildFly 39, agent in JAVA_TOOL_OPTIONS: WildFly installs
 * its own MBean server builder and log manager while it boots, so the beans must come late; its
 * log must show no logging-subsystem failure.
 */
class StatusWildFly39IT extends StatusContract {
    private Path serverLogs;

    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        AppServers.Prepared wildfly = AppServers.wildfly("wildfly39", "wildfly39.dist", Artifacts.jakartaWar())
                .prepare("status-wildfly39", workDir);
        serverLogs = wildfly.logLocations.get(0);
        ChildJvm.Builder builder = wildfly.builder.logDir(workDir);
        Containers.withJavaToolOptions(policy).accept(builder);
        return new RunningApp(builder.start(), wildfly.httpPort).awaitServing();
    }

    @Test
    void wildFlysLoggingAndJmxSubsystemsStartedUnharmed() throws Exception {
        StringBuilder logs = new StringBuilder(app.jvm().stdout()).append(app.jvm().stderr());
        try (Stream<Path> files = Files.walk(serverLogs)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                logs.append(Files.readString(file));
            }
        }
        // WFLYLOG0078: the log manager was set up before WildFly's; WFLYJMX: its MBean server failed
        assertFalse(logs.toString().contains("WFLYLOG0078"), "logging subsystem");
        assertFalse(logs.toString().matches("(?s).*WFLYJMX\\d+: .*(?:Failed|failed|Error).*"), "JMX subsystem");
    }
}
