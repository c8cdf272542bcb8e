package dev.corsagent.it;

import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Cross-origin protection on Payara Micro 7 (the GlassFish entry advice), started as {@link PayaraMicro7IT} starts it. */
class CrossOriginProtectionPayaraMicro7IT extends CrossOriginProtectionContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return new PayaraMicro7IT().start(policy, workDir);
    }

    @Override
    String notRunnableReason() {
        return PayaraMicro7IT.reasonNotRunnable();
    }
}
