package dev.corsagent.it;

import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;

/** Cross-origin protection on embedded Undertow 2.3 (ServletInitialHandler.dispatchRequest entry), started as {@link UndertowIT} starts it. */
class CrossOriginProtectionUndertowIT extends CrossOriginProtectionContract {
    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        return new UndertowIT().start(policy, workDir);
    }
}
