package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * Two WARs in one standalone Tomcat 9 (the shop at /shop and a copy of it at /backoffice), one
 * properties file with named policies and shared top-level defaults: each context gets its own
 * origins and methods, and a path no policy covers is left alone.
 */
class SeveralWarsOneFileIT extends AppPerClass {
    private static final String POLICY = String.join("\n",
            "cors.policies = backoffice, shop",
            "cors.allow-credentials = true",
            "cors.allowed-methods = GET, POST, PUT, DELETE",
            "cors.allowed-headers = Authorization, Content-Type",
            "cors.exposed-headers = X-Request-Id",
            "cors.policy.backoffice.paths = /backoffice/api/**",
            "cors.policy.backoffice.allowed-origins = https://admin.example.com",
            "cors.policy.backoffice.allowed-methods = GET",
            "cors.policy.shop.paths = /shop/api/**",
            "cors.policy.shop.allowed-origins = https://app.example.com",
            "");

    @Override
    RunningApp startApp(Path work) throws Exception {
        Path policy = Policies.write(work, "cors.properties", POLICY);
        return Containers.standalone("several-wars-tomcat9", Artifacts.tomcat9Dist(), Artifacts.javaxWar(), policy, work,
                tomcat -> Files.copy(Artifacts.javaxWar(), tomcat.base().resolve("webapps/backoffice.war"),
                        StandardCopyOption.REPLACE_EXISTING));
    }

    @Test
    void eachContextIsDecidedByItsOwnPolicy() {
        HttpResponse shop = items("/shop", "https://app.example.com");
        assertStatus(200, shop);
        assertActualGrant("https://app.example.com", shop);
        assertNoCorsHeaders(items("/shop", "https://admin.example.com"));

        HttpResponse backoffice = awaitBackoffice();
        assertStatus(200, backoffice);
        assertActualGrant("https://admin.example.com", backoffice);
        assertNoCorsHeaders(items("/backoffice", "https://app.example.com"));
    }

    @Test
    void preflightsFollowTheRulesOfTheirContext() {
        HttpResponse shopPut = app.send(RawHttp.preflight("/shop/api/items", "https://app.example.com", "PUT", "content-type"));
        assertStatus(204, shopPut);

        awaitBackoffice();
        HttpResponse backofficePut = app.send(RawHttp.preflight("/backoffice/api/items", "https://admin.example.com", "PUT", "content-type"));
        assertStatus(403, backofficePut);
        assertNoCorsHeaders(backofficePut);
        HttpResponse backofficeGet = app.send(RawHttp.preflight("/backoffice/api/items", "https://admin.example.com", "GET", "authorization"));
        assertStatus(204, backofficeGet);
    }

    @Test
    void aPathNoPolicyCoversIsLeftAlone() {
        HttpResponse hello = app.send(RawHttp.get("/backoffice/public/hello").origin("https://admin.example.com"));
        assertStatus(200, hello);
        assertNoCorsHeaders(hello);
    }

    private HttpResponse items(String context, String origin) {
        return app.send(RawHttp.get(context + "/api/items").origin(origin).authorized());
    }

    /** The second WAR may still be deploying when the first one answers. */
    private HttpResponse awaitBackoffice() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        HttpResponse r = items("/backoffice", "https://admin.example.com");
        while (r.status() == 404 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            r = items("/backoffice", "https://admin.example.com");
        }
        return r;
    }
}
