package dev.corsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.fixtures.NonWebMain;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RunningApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the agent costs at start is mostly the classes it loads: each one is read, verified and first
 * run interpreted, on the start's path (README "Performance"). The timings of
 * scripts/bench/startup.sh are too noisy for a test; the classes a child JVM loads
 * ({@code -Xlog:class+load}) are exact, so these tests hold the gains in place.
 */
@Timeout(180)
class StartupClassesIT {
    private static final String SHADED = "dev.corsagent.shaded.";
    private static final String BYTE_BUDDY = SHADED + "bytebuddy.";
    /** 37 of ASM's are loaded on Tomcat 9 with JDK 17 (2026-12-04); Byte Buddy's Advice and type pool loaded some 600. */
    private static final int ASM_CLASS_BUDGET = 60;

    @Test
    void aJvmThatLoadsNoServletContainerLoadsNeitherByteBuddyNorTinylogNorThePolicy() throws Exception {
        Path work = Artifacts.workDir("StartupClassesIT-plain");
        Path policy = Policies.write(work, "cors.properties", Policies.CONTRACT);
        Path log = work.resolve("classes.txt");
        try (ChildJvm jvm = ChildJvm.builder("plain-with-agent")
                .logDir(work)
                .workDir(work)
                .jvmArg("-Xlog:class+load=info:file=" + log)
                .jvmArg(Containers.javaagentOption(policy))
                .classpath(Artifacts.testClasses().toString())
                .mainClass(NonWebMain.class.getName())
                .args("alpha", "beta")
                .start()) {
            assertEquals(3, jvm.waitForExit(Duration.ofSeconds(60)), jvm.describe());
        }
        List<String> agentClasses = loaded(log).stream().filter(c -> c.startsWith("dev.corsagent.")).toList();
        assertTrue(agentClasses.contains("dev.corsagent.CorsAgent"), "the agent must really have run: " + agentClasses);
        assertEquals(List.of(), agentClasses.stream().filter(c -> c.startsWith(SHADED)).toList(),
                "Byte Buddy and tinylog wait for a servlet container class");
        assertEquals(List.of(), agentClasses.stream()
                        .filter(c -> c.startsWith("dev.corsagent.config.") || c.startsWith("dev.corsagent.engine.")
                                || c.startsWith("dev.corsagent.bridge.") || c.startsWith("dev.corsagent.log."))
                        .toList(),
                "nothing of the install runs without a servlet container");
    }

    @Test
    void tomcatIsHookedWithAsmAloneWithinTheClassBudget() throws Exception {
        Path work = Artifacts.workDir("StartupClassesIT-tomcat9");
        Path policy = Policies.write(work, "cors.properties", Policies.CONTRACT);
        Path log = work.resolve("classes.txt");
        List<String> byteBuddy;
        try (RunningApp app = Containers.embedded("tomcat9-class-log", Artifacts.tomcat9Launcher(), Artifacts.javaxWar(),
                work, jvm -> jvm.jvmArg("-Xlog:class+load=info:file=" + log).jvmArg(Containers.javaagentOption(policy)))) {
            assertTrue(app.jvm().stderr().contains("hooked Tomcat request entry"), app.jvm().describe());
            byteBuddy = loaded(log).stream().filter(c -> c.startsWith(BYTE_BUDDY)).toList();
        }
        List<String> asm = byteBuddy.stream().filter(c -> c.startsWith(BYTE_BUDDY + "jar.asm.")).toList();
        assertFalse(asm.isEmpty(), "the hooks must have been woven with ASM");
        // the weaver (hooks.Weaver) needs nothing of Byte Buddy but its ASM: Advice, the type pool and
        // the type builder cost some 250 ms of CPU at every start
        List<String> rest = byteBuddy.stream().filter(c -> !asm.contains(c)).toList();
        assertEquals(List.of(), rest, "classes of Byte Buddy beyond its ASM were loaded");
        assertTrue(asm.size() <= ASM_CLASS_BUDGET, asm.size() + " ASM classes loaded, budget "
                + ASM_CLASS_BUDGET + ": each costs start-up time (scripts/bench/startup.sh)");
    }

    /** Class names from an {@code -Xlog:class+load} file: "[0.061s][info][class,load] name source: ...". */
    private static List<String> loaded(Path log) throws IOException {
        return Files.readAllLines(log).stream()
                .map(line -> line.substring(line.lastIndexOf(']') + 1).trim())
                .map(rest -> rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toList());
    }
}
