package dev.corsagent.install;

import dev.corsagent.hooks.HookCatalog;
import dev.corsagent.hooks.HookListener;
import dev.corsagent.hooks.HookTransformer;
import dev.corsagent.hooks.Hooks;
import dev.corsagent.runtime.AgentRuntime;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.log.AgentLog;
import dev.corsagent.reload.ConfigWatcher;

/**
 * The part of the install that touches bridge, engine and hook (ASM) classes: only after the bridge injection.
 * Returns the transformer for the lazy installer to delegate to; live (attach), registers it itself
 * and returns null.
 */
final class Startup {
    /** The contract (SPEC "Reload"): the file is checked every 2 seconds. */
    static final long RELOAD_INTERVAL_MILLIS = 2000;

    private Startup() {
    }

    static ClassFileTransformer start(Instrumentation instrumentation, Path file, boolean live,
                                      String version) {
        AgentRuntime runtime = new AgentRuntime(file.toString());
        runtime.registerStatusBeansAfterFirstRequest(version);
        CorsBridge.install(runtime);
        // loads the file again and applies it on this thread, then polls it on a daemon thread; that
        // thread inherits the context class loader, which must not pin a webapp's loader
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(Startup.class.getClassLoader());
            ConfigWatcher.start(file, RELOAD_INTERVAL_MILLIS, runtime);
        } finally {
            thread.setContextClassLoader(previous);
        }
        AgentLog.info("cors-agent " + version + " started: config " + file + ", "
                + AgentRuntime.summary(runtime.config()) + ", log " + AgentLog.destination()
                + (live ? ", attached to a running JVM" : ""));

        HookTransformer transformer = Hooks.transformer(new HookListener());
        if (!live && !Hooks.warmUp()) {
            AgentLog.debug("hook warm-up did not apply: the first hooked class sets up the weaver itself");
        }
        if (live) {
            HookCatalog.mayBeHooked(null); // loaded now: the transformer needs it, and must not load it through itself
            instrumentation.addTransformer(transformer, true);
            retransformLoadedHookTargets(instrumentation);
            return null;
        }
        return transformer;
    }

    /** Attach: the container is running, its classes are loaded; the advice adds no members, so retransform them. */
    private static void retransformLoadedHookTargets(Instrumentation instrumentation) {
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            try {
                if (loaded.getClassLoader() != null && !loaded.isArray()
                        && HookCatalog.mayBeHooked(loaded.getName().replace('.', '/'))
                        && instrumentation.isModifiableClass(loaded)) {
                    instrumentation.retransformClasses(loaded);
                }
            } catch (Throwable t) {
                AgentLog.error("could not hook the loaded class " + loaded.getName() + ": " + AgentLog.describe(t));
            }
        }
    }
}
