package dev.corsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corsagent.it.fixtures.NonWebMain;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Policies;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    @Test
    void javacBehavesTheSameWithTheAgentInJavaToolOptions() throws Exception {
        Path javac = ChildJvm.javaExecutable().resolveSibling("javac");
        assumeTrue(Files.isExecutable(javac), "no javac next to " + ChildJvm.javaExecutable());
        assertToolUnchanged("javac", List.of(javac.toString(), "-version"));
    }

    @Test
    void mavenBehavesTheSameWithTheAgentInJavaToolOptions() throws Exception {
        Path mvn = onPath("mvn");
        assumeTrue(mvn != null, "mvn is not on PATH");
        assertToolUnchanged("mvn", List.of(mvn.toString(), "-v"));
    }

    /** A real tool of the JDK the children run on, started twice: without and with the agent. */
    private static void assertToolUnchanged(String name, List<String> command) throws Exception {
        Path work = Artifacts.workDir("NonWebJvmIT-" + name);
        Path policy = Policies.write(work, "cors.properties", Policies.CONTRACT);

        Run without = runTool(name + "-without-agent", work, command, null);
        Run with = runTool(name + "-with-agent", work, command, Containers.javaagentOption(policy));

        assertTrue(with.stderr.contains("Picked up JAVA_TOOL_OPTIONS"),
                "the agent run must really have had JAVA_TOOL_OPTIONS:\n" + with.stderr);
        assertEquals(0, without.exitCode, name + " without the agent:\n" + without.stdout + without.stderr);
        assertFalse((without.stdout + without.stderr).isBlank(), name + " printed nothing");
        assertEquals(without.stdout, with.stdout, name + " stdout with the agent");
        assertEquals(without.exitCode, with.exitCode, name + " exit code with the agent");
        assertEquals(withoutPickedUpLine(without.stderr), withoutPickedUpLine(with.stderr), name + " stderr with the agent");
    }

    private static Run runTool(String name, Path work, List<String> command, String javaToolOptions) throws Exception {
        Path out = work.resolve(name + ".stdout.txt");
        Path err = work.resolve(name + ".stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        pb.environment().remove("MAVEN_OPTS");
        // mvn runs on the JDK the children run on
        pb.environment().put("JAVA_HOME", ChildJvm.javaExecutable().getParent().getParent().toString());
        if (javaToolOptions != null) {
            pb.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(name + " did not exit within 60 s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
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
