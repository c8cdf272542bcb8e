package dev.corsagent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

import net.bytebuddy.agent.builder.AgentBuilder;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.config.LoadResult;
import dev.corsagent.log.AgentLog;

/**
 * The part of the install that touches bridge, engine and Byte Buddy classes: only after the bridge injection.
 * Returns the transformer: raw (for the lazy installer to delegate to) or, live, already registered.
 */
final class Startup {
    private Startup() {
    }

    static ClassFileTransformer start(Instrumentation instrumentation, Path file, LoadResult initial, boolean live,
                                      String version) {
        AgentRuntime runtime = new AgentRuntime(file.toString());
        CorsBridge.install(runtime);
        runtime.onLoad(initial, true);
        // TODO(reload-cli): replace the single load above by ConfigWatcher.start(file, 2000, runtime) when it lands
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
