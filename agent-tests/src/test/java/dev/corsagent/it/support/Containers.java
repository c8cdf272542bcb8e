package dev.corsagent.it.support;

import java.io.IOException;
import java.nio.file.Path;

/** Starts the shop app in a real container in a child JVM, with the real agent jar. */
public final class Containers {
    private Containers() {
    }

    /** The agent option exactly as an operator writes it: {@code -javaagent:/path/cors-agent.jar=/path/policy}. */
    public static String javaagentOption(Path policy) {
        return "-javaagent:" + Artifacts.agentJar() + "=" + policy;
    }

    /** A sample launcher jar (embedded Tomcat) with {@code -javaagent} on its command line. */
    public static RunningApp embedded(String name, Path launcherJar, Path war, Path policy, Path workDir)
            throws IOException, InterruptedException {
        int port = Ports.free();
        ChildJvm jvm = ChildJvm.builder(name)
                .logDir(workDir)
                .workDir(workDir)
                .jvmArg(javaagentOption(policy))
                .jar(launcherJar)
                .args("--port", Integer.toString(port), "--war", war.toString(),
                        "--access-log", workDir.resolve("access.log").toString())
                .start();
        return new RunningApp(jvm, port).awaitServing();
    }

    public static RunningApp embeddedTomcat9(String name, Path policy, Path workDir) throws IOException, InterruptedException {
        return embedded(name, Artifacts.tomcat9Launcher(), Artifacts.javaxWar(), policy, workDir);
    }

    public static RunningApp embeddedTomcat10(String name, Path policy, Path workDir) throws IOException, InterruptedException {
        return embedded(name, Artifacts.tomcat10Launcher(), Artifacts.jakartaWar(), policy, workDir);
    }

    /** A standalone Tomcat distribution, the agent given only through JAVA_TOOL_OPTIONS. */
    public static RunningApp standalone(String name, Path dist, Path war, Path policy, Path workDir)
            throws IOException, InterruptedException {
        StandaloneTomcat tomcat = StandaloneTomcat.prepare(dist, workDir.resolve("catalina-base"), war);
        ChildJvm jvm = tomcat.starter(name)
                .logDir(workDir)
                .env("JAVA_TOOL_OPTIONS", javaagentOption(policy))
                .start();
        return new RunningApp(jvm, tomcat.httpPort()).awaitServing();
    }
}
