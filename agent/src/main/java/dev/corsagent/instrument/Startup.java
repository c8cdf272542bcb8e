package dev.corsagent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

import net.bytebuddy.agent.builder.AgentBuilder;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.log.AgentLog;
import dev.corsagent.reload.ConfigWatcher;

/**
 * The part of the install that touches bridge, engine and Byte Buddy classes: only after the bridge injection.
 * Returns the transformer: raw (for the lazy installer to delegate to) or, live, already registered.
 */
final class Startup {
    /** The contract (SPEC "Reload"): the file is checked every 2 seconds. */
    static final long RELOAD_INTERVAL_MILLIS = 2000;

    private Startup() {
    }

    static ClassFileTransformer start(Instrumentation instrumentation, Path file, boolean live,
                                      String version) {
        AgentRuntime runtime = new AgentRuntime(file.toString());
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

        AgentBuilder builder = Hooks.builder(new HookListener());
        if (live) {
            // containers already running: retransform their loaded classes (the advice adds no members)
            return builder.with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    .installOn(instrumentation);
        }
        return builder.makeRaw();
    }
}
