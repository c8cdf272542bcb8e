package dev.corsagent.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Starts the shop app in a real container in a child JVM, with the real agent jar. */
public final class Containers {
    private Containers() {
    }

    /** The agent option exactly as an operator writes it: {@code -javaagent:/path/cors-agent.jar=/path/policy}. */
    public static String javaagentOption(Path policy) {
        return "-javaagent:" + Artifacts.agentJar() + "=" + policy;
    }

    /** Attaches the agent with {@code -javaagent} on the command line. */
    public static Consumer<ChildJvm.Builder> withJavaagent(Path policy) {
        return jvm -> jvm.jvmArg(javaagentOption(policy));
    }

    /** Attaches the agent through JAVA_TOOL_OPTIONS only. */
    public static Consumer<ChildJvm.Builder> withJavaToolOptions(Path policy) {
        return jvm -> jvm.env("JAVA_TOOL_OPTIONS", javaagentOption(policy));
    }

    /** A sample launcher jar (embedded Tomcat); {@code agent} puts the agent on its command line or environment. */
    public static RunningApp embedded(String name, Path launcherJar, Path war, Path workDir, Consumer<ChildJvm.Builder> agent)
            throws IOException, InterruptedException {
        int port = Ports.free();
        ChildJvm.Builder builder = ChildJvm.builder(name)
                .logDir(workDir)
                .workDir(workDir)
                .jar(launcherJar)
                .args("--port", Integer.toString(port), "--war", war.toString(),
                        "--access-log", workDir.resolve("access.log").toString());
        agent.accept(builder);
        return new RunningApp(builder.start(), port).awaitServing();
    }

    public static RunningApp embeddedTomcat9(String name, Path policy, Path workDir) throws IOException, InterruptedException {
        return embedded(name, Artifacts.tomcat9Launcher(), Artifacts.javaxWar(), workDir, withJavaagent(policy));
    }

    public static RunningApp embeddedTomcat10(String name, Path policy, Path workDir) throws IOException, InterruptedException {
        return embedded(name, Artifacts.tomcat10Launcher(), Artifacts.jakartaWar(), workDir, withJavaagent(policy));
    }

    public static RunningApp embeddedTomcat11(String name, Path policy, Path workDir) throws IOException, InterruptedException {
        return embedded(name, Artifacts.tomcat11Launcher(), Artifacts.jakartaWar(), workDir, withJavaagent(policy));
    }

    /** A standalone Tomcat distribution, the agent given only through JAVA_TOOL_OPTIONS. */
    public static RunningApp standalone(String name, Path dist, Path war, Path policy, Path workDir)
            throws IOException, InterruptedException {
        return standalone(name, dist, war, policy, workDir, tomcat -> { });
    }

    /** As above; {@code customize} may add to the CATALINA_BASE (more webapps) before the start. */
    public static RunningApp standalone(String name, Path dist, Path war, Path policy, Path workDir,
                                        IoConsumer<StandaloneTomcat> customize) throws IOException, InterruptedException {
        StandaloneTomcat tomcat = StandaloneTomcat.prepare(dist, workDir.resolve("catalina-base"), war);
        customize.accept(tomcat);
        ChildJvm.Builder builder = tomcat.starter(name).logDir(workDir);
        withJavaToolOptions(policy).accept(builder);
        return new RunningApp(builder.start(), tomcat.httpPort()).awaitServing();
    }

    /** A consumer that may do I/O. */
    public interface IoConsumer<T> {
        void accept(T value) throws IOException;
    }
}
