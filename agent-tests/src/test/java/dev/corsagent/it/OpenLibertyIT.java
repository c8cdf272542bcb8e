package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.RawHttp.get;
import static dev.corsagent.it.support.RawHttp.preflight;

import dev.corsagent.it.support.AppServers;
import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.ChildJvm;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Open Liberty 26 (servlet-6.0, appSecurity-5.0, a basicRegistry user mapped to the shop's
 * cors-user role) with the jakarta shop, the agent only in JAVA_TOOL_OPTIONS: the whole contract
 * through Liberty's own hooks (entry before the security collaborators, commit at
 * SRTServletResponse.commit), the container-secured preflight and the 401 included.
 */
class OpenLibertyIT extends CorsContract {
    /** Matrix parameters in the context root's segment: no web app has that root, Liberty's dispatcher answers 404. */
    static final String MATRIX_IN_CONTEXT_ROOT = "/shop;v=1/api;x=2/items";
    private static final AtomicInteger FRESH = new AtomicInteger();

    AppServers.Recipe recipe() {
        return AppServers.openLiberty(Artifacts.jakartaWar());
    }

    @Override
    RunningApp start(Path policy, Path workDir) throws Exception {
        AppServers.Prepared liberty = recipe().prepare("openliberty", workDir);
        ChildJvm.Builder builder = liberty.builder.logDir(workDir);
        Containers.withJavaToolOptions(policy).accept(builder);
        return new RunningApp(builder.start(), liberty.httpPort).awaitServing();
    }

    @Override
    boolean refusedByTheContainer(String target, HttpResponse r) {
        if (!MATRIX_IN_CONTEXT_ROOT.equals(target)) {
            return super.refusedByTheContainer(target, r);
        }
        // answered before any web app (its "context root not found" page), so before the agent's hooks
        assertStatus(404, r);
        assertNoCorsHeaders(r);
        return true;
    }

    /**
     * The contract's sequence, with the denied preflight moved to the end of the connection and the
     * 500 on a connection of its own: Liberty's HTTP channel closes a connection after every status
     * it counts as an error (HttpInboundServiceContextImpl.updatePersistence: 403, 404, 500 among
     * them; an app's own 404 closes it too), whoever set the status.
     */
    @Override
    @Test
    void requestsSharingAKeptAliveConnectionAreDecidedEachOnItsOwn() {
        List<HttpResponse> r = RawHttp.sendOnOneConnection(app.port(), List.of(
                preflight(ITEMS, APP_ORIGIN, "PUT", "authorization"),
                get(ITEMS).origin(APP_ORIGIN).authorized(),
                get(ITEMS).origin("https://evil.example").authorized(),
                get(ITEMS).authorized(),
                get("/shop/api/teapot").origin("https://x.trusted.example").authorized(),
                get(ITEMS).origin("http://localhost:3000").authorized(),
                preflight(ITEMS, "https://evil.example", "PUT", null)));

        assertStatus(204, r.get(0));
        assertActualGrant(APP_ORIGIN, r.get(1));
        assertNoCorsHeaders(r.get(2));
        assertNoCorsHeaders(r.get(3));
        assertStatus(418, r.get(4));
        assertActualGrant("https://x.trusted.example", r.get(4));
        assertActualGrant("http://localhost:3000", r.get(5));
        assertDenied(r.get(6));

        HttpResponse boom = send(get("/shop/api/boom").authorized());
        assertStatus(500, boom);
        assertNoCorsHeaders(boom);
    }

    /**
     * Liberty caches a URI's servlet after its first request (the key includes the query); an
     * answered preflight skips the part of invokeFilters that puts the servlet mapping in place, and
     * a cache entry made from it would fail every later request to that URI with a 500. Fresh URIs
     * (a query never sent before), so that the preflight is the URI's first request.
     */
    @Test
    void aPreflightAsTheFirstRequestToAUriLeavesTheUriWorking() {
        String allowed = "/shop/api/teapot?first=" + FRESH.incrementAndGet();
        assertStatus(204, send(preflight(allowed, APP_ORIGIN, "PUT", "authorization")));
        HttpResponse afterAllowed = send(get(allowed).origin(APP_ORIGIN).authorized());
        assertStatus(418, afterAllowed);
        assertActualGrant(APP_ORIGIN, afterAllowed);

        String denied = ITEMS + "?first=" + FRESH.incrementAndGet();
        assertDenied(send(preflight(denied, "https://evil.example", "PUT", null)));
        HttpResponse afterDenied = send(get(denied).authorized());
        assertStatus(200, afterDenied);
        assertNoCorsHeaders(afterDenied);
    }
}
