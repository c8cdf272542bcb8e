package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.WildFly;
import java.nio.file.Path;

/** Response paths on WildFly 26.1 (Undertow 2.2, javax); skipped on Java 24+, where it does not start. */
class ResponsePathsWildFly26IT extends ResponsePathsWildFlyContract {
    @Override
    String name() {
        return "wildfly26";
    }

    @Override
    String distProperty() {
        return "wildfly26.dist";
    }

    @Override
    boolean jakarta() {
        return false;
    }

    @Override
    String notRunnableReason() {
        return WildFly.wildfly26NotRunnableReason();
    }

    @Override
    Path war() {
        return Artifacts.javaxWar();
    }
}
