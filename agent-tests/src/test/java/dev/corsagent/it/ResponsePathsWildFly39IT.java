package dev.corsagent.it;

import dev.corsagent.it.support.Artifacts;
import java.nio.file.Path;

/** Response paths on WildFly 39 (Undertow 2.3, jakarta). */
class ResponsePathsWildFly39IT extends ResponsePathsWildFlyContract {
    @Override
    String name() {
        return "wildfly39";
    }

    @Override
    String distProperty() {
        return "wildfly39.dist";
    }

    @Override
    boolean jakarta() {
        return true;
    }

    @Override
    Path war() {
        return Artifacts.jakartaWar();
    }
}
