package dev.corsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.fixtures.NonWebMain;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Policies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JAVA_TOOL_OPTIONS puts the agent into every JVM of a host. In one that never loads a servlet
 * container it must be invisible: same stdout, same exit code, same stderr except the JVM's own
 * "Picked up JAVA_TOOL_OPTIONS" line.
 */
@Timeout(120)
class NonWebJvmIT {

    @Test
    void aPlainProgramBehavesTheSameWithTheAgentInJavaToolOptions() throws Exception {
        Path work = Artifacts.workDir("NonWebJvmIT");
        Path policy = Policies.write(work, "cors.properties", Policies.CONTRACT);

        Run without = run("non-web-without-agent", work, null);
        Run with = run("non-web-with-agent", work, Containers.javaagentOption(policy));

        assertTrue(with.stderr.contains("Picked up JAVA_TOOL_OPTIONS"),
                "the agent run must really have had JAVA_TOOL_OPTIONS:\n" + with.stderr);
        assertEquals(3, without.exitCode, "the program's own exit code:\n" + without.stderr);
        assertTrue(without.stdout.contains("sum of squares 1..1000 = 333833500"), without.stdout);
        assertEquals(without.stdout, with.stdout, "stdout with the agent");
        assertEquals(without.exitCode, with.exitCode, "exit code with the agent");
        assertEquals(withoutPickedUpLine(without.stderr), withoutPickedUpLine(with.stderr), "stderr with the agent");
    }

    private static Run run(String name, Path work, String javaToolOptions) throws Exception {
        ChildJvm.Builder builder = ChildJvm.builder(name)
                .logDir(work)
                .workDir(work)
                .classpath(Artifacts.testClasses().toString())
                .mainClass(NonWebMain.class.getName())
                .args("alpha", "beta");
        if (javaToolOptions != null) {
            builder.env("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        try (ChildJvm jvm = builder.start()) {
            int exit = jvm.waitForExit(Duration.ofSeconds(60));
            return new Run(exit, jvm.stdout(), jvm.stderr());
        }
    }

    private static String withoutPickedUpLine(String stderr) {
        return stderr.lines().filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS:")).collect(Collectors.joining("\n"));
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }
}
