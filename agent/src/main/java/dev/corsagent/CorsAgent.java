package dev.corsagent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;

import dev.corsagent.install.ConfigPath;
import dev.corsagent.install.LazyInstallTransformer;

/**
 * Agent entry points. premain only registers a tiny pure-JDK transformer that waits for the first
 * servlet container class: JVMs that never load one (build tools, plain mains) run exactly as
 * without the agent. No ASM, no logging, no threads, no config parsing here.
 */
public final class CorsAgent {
    /** Guarded by the class: a plain flag, not an AtomicBoolean (whose VarHandle set-up costs every JVM a few ms at start). */
    private static boolean loaded;
    /** A second -javaagent (e.g. JAVA_TOOL_OPTIONS plus the command line): its argument, for one warning later. */
    private static volatile String ignoredSecondArgument;

    private CorsAgent() {
    }

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        try {
            if (!firstLoad()) {
                ignoredSecondArgument = agentArgs == null ? "" : agentArgs;
                return;
            }
            final Instrumentation inst = instrumentation;
            final String configPath = configPath(agentArgs);
            instrumentation.addTransformer(new LazyInstallTransformer(new LazyInstallTransformer.Installer() {
                @Override
                public ClassFileTransformer install() {
                    return dev.corsagent.install.Installer.installLazily(inst, configPath, ignoredSecondArgument);
                }
            }, instrumentation), false);
        } catch (Throwable t) {
            // never stop the app from starting
        }
    }

    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        try {
            if (!firstLoad()) {
                dev.corsagent.install.Installer.attachedAgain(agentArgs);
                return;
            }
            dev.corsagent.install.Installer.installNow(instrumentation, configPath(agentArgs));
        } catch (Throwable t) {
            // never break the running app
        }
    }

    private static synchronized boolean firstLoad() {
        if (loaded) {
            return false;
        }
        loaded = true;
        return true;
    }

    private static String configPath(String agentArgs) {
        return ConfigPath.resolve(agentArgs);
    }
}
