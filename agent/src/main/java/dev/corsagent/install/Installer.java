package dev.corsagent.install;

import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;
import dev.corsagent.log.AgentLog;

/**
 * Installs the agent: logging, the bootstrap bridge, the configuration, the request handler and
 * the container hooks, in that order. Must not refer to bridge classes itself: they may only be
 * resolved after {@link BridgeInjector} put them on the bootstrap class path (see {@link Startup}).
 * Never throws.
 */
public final class Installer {
    private static volatile boolean installed;

    private Installer() {
    }

    /** From premain, on the install thread the first container class started: returns the hooks' transformer to delegate to. */
    public static ClassFileTransformer installLazily(Instrumentation instrumentation, String configPath,
                                                     String ignoredSecondArgument) {
        return install(instrumentation, configPath, ignoredSecondArgument, false);
    }

    /** From agentmain: installs and retransforms the container classes already loaded. */
    public static void installNow(Instrumentation instrumentation, String configPath) {
        install(instrumentation, configPath, null, true);
    }

    /** agentmain on a JVM where the agent is already loaded. */
    public static void attachedAgain(String agentArgs) {
        if (installed) {
            AgentLog.warn("already running in this JVM; attach with " + agentArgs + " ignored");
        } else {
            System.err.println("[cors-agent] already loaded in this JVM (waiting for a servlet container); attach ignored");
        }
    }

    private static ClassFileTransformer install(Instrumentation instrumentation, String configPath,
                                                String ignoredSecondArgument, boolean live) {
        try {
            Path file = null;
            LoadResult initial = null;
            String pathProblem = null;
            if (configPath != null) {
                try {
                    file = Paths.get(configPath).toAbsolutePath();
                    initial = ConfigLoader.load(file);
                } catch (RuntimeException e) {
                    pathProblem = e.getMessage();
                }
            }
            AgentConfig config = initial != null && initial.isValid() ? initial.config() : null;
            AgentLog.configure(config == null ? null : config.logLevel(), config == null ? null : config.logFile());
            if (ignoredSecondArgument != null) {
                AgentLog.warn("the agent was given twice (JAVA_TOOL_OPTIONS and -javaagent?); the second one ("
                        + ignoredSecondArgument + ") is ignored");
            }
            if (configPath == null) {
                AgentLog.warn("cors-agent " + version() + ": no configuration file given (agent argument,"
                        + " -Dcors.config or CORS_AGENT_CONFIG): the agent adds nothing");
                return null;
            }
            if (pathProblem != null) {
                AgentLog.error("cors-agent " + version() + ": invalid configuration path " + configPath + ": "
                        + pathProblem + "; the agent adds nothing");
                return null;
            }
            String bridgeProblem = BridgeInjector.inject(instrumentation);
            if (bridgeProblem != null) {
                AgentLog.error("cors-agent " + version() + ": cannot put the bridge on the bootstrap class path ("
                        + bridgeProblem + "); the agent adds nothing");
                return null;
            }
            ClassFileTransformer transformer = Startup.start(instrumentation, file, live, version());
            installed = true;
            return live ? null : transformer;
        } catch (Throwable t) {
            AgentLog.error("cors-agent failed to install, the app runs without it: " + AgentLog.describe(t));
            return null;
        }
    }

    static String version() {
        InputStream in = Installer.class.getResourceAsStream("/dev/corsagent/version.properties");
        if (in == null) {
            return "(unknown version)";
        }
        try {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (Exception e) {
            return "(unknown version)";
        } finally {
            try {
                in.close();
            } catch (Exception ignored) {
                // nothing to do
            }
        }
    }
}
