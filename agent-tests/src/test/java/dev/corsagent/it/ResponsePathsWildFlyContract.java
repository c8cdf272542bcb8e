package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RunningApp;
import dev.corsagent.it.support.WildFly;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The response paths on WildFly: the probe JSPs as an exploded probe.war next to the shop (see
 * {@link WildFly#probeWar}), plus the web.xml error pages WildFly's Undertow dispatches to.
 */
abstract class ResponsePathsWildFlyContract extends ResponsePathsContract {
    abstract String name();

    abstract String distProperty();

    abstract boolean jakarta();

    @Override
    Path dist() {
        return AppServers.dist(distProperty());
    }

    @Override
    RunningApp startApp(Path work) throws Exception {
        return WildFly.start("response-paths-" + name(), distProperty(), war(),
                Policies.write(work, "cors.properties", POLICY), work,
                deployments -> WildFly.probeWar(deployments, jakarta()));
    }

    @Test
    void theErrorPageOfA404CarriesTheGrant() {
        HttpResponse r = probe("no-such-page.jsp");

        assertStatus(404, r);
        assertTrue(r.body().contains("the error page"), () -> "web.xml's error page expected\n" + r);
        assertActualGrant(ORIGIN, r);
    }

    @Test
    void theErrorPageOfAnExceptionCarriesTheGrant() {
        HttpResponse r = probe("throws.jsp");

        assertStatus(500, r);
        assertTrue(r.body().contains("the error page"), () -> "web.xml's error page expected\n" + r);
        assertActualGrant(ORIGIN, r);
    }
}
