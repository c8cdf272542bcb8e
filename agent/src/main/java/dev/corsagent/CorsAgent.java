package dev.corsagent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.corsagent.install.ConfigPath;
import dev.corsagent.install.LazyInstallTransformer;

/**
 * Agent entry points. premain only registers a tiny pure-JDK transformer that waits for the first
 * servlet container class: JVMs that never load one (build tools, plain mains) run exactly as
 * without the agent. No Byte Buddy, no logging, no threads, no config parsing here.
 */
public final class CorsAgent {
    private static final AtomicBoolean LOADED = new AtomicBoolean();
    /** A second -javaagent (e.g. JAVA_TOOL_OPTIONS plus the command line): its argument, for one warning later. */
    private static volatile String ignoredSecondArgument;

    private CorsAgent() {
    }

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        try {
            if (!LOADED.compareAndSet(false, true)) {
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
            if (!LOADED.compareAndSet(false, true)) {
                dev.corsagent.install.Installer.attachedAgain(agentArgs);
                return;
            }
            dev.corsagent.install.Installer.installNow(instrumentation, configPath(agentArgs));
        } catch (Throwable t) {
            // never break the running app
        }
    }

    private static String configPath(String agentArgs) {
        return ConfigPath.resolve(agentArgs);
    }
}
