package dev.corsagent.it;

import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Cross-origin protection on GlassFish 7 (StandardHostValve entry on web-core), started as {@link GlassFish7IT} starts it. */
class CrossOriginProtectionGlassFish7IT extends CrossOriginProtectionContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return new GlassFish7IT().start(policy, workDir);
    }

    @Override
    String notRunnableReason() {
        return GlassFish7IT.reasonNotRunnable();
    }
}
