package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One container per test class: started before the first test, killed after the last, also when
 * a test or the start itself fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
abstract class AppPerClass {
    /** A fresh directory under target/it-work for this class's files (policy, logs, CATALINA_BASE). */
    Path work;
    RunningApp app;

    /** Starts this class's app; its files go to {@code work}. */
    abstract RunningApp startApp(Path work) throws Exception;

    /** Why the container cannot run on the child JDK (e.g. WildFly 26 on 24+), or null; each test is then skipped with it. */
    String notRunnableReason() {
        return null;
    }

    @BeforeAll
    void startAppOnce() throws Exception {
        if (notRunnableReason() != null) {
            return;
        }
        work = Artifacts.workDir(getClass().getSimpleName());
        app = startApp(work);
    }

    /** Reported per test (a class-level assumption would show as "Tests run: 0" without the reason). */
    @BeforeEach
    void skipWhenNotRunnable() {
        String reason = notRunnableReason();
        Assumptions.assumeTrue(reason == null, reason);
    }

    @AfterAll
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }
}
