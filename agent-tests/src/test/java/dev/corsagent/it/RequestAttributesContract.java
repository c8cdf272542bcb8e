package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static dev.corsagent.it.support.RawHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The request attributes of Tomcat's CorsFilter, set by the agent for the app (SPEC 6), read back by
 * a JSP deployed next to the shop on a standalone Tomcat (the shop itself does not show them).
 */
abstract class RequestAttributesContract extends AppPerClass {
    static final String POLICY = String.join("\n",
            "cors.paths = /attrs/**",
            "cors.allowed-origins = https://app.example.com",
            "cors.allowed-methods = GET, POST, PUT",
            "cors.allowed-headers = Content-Type, X-Requested-With",
            "");
    static final String JSP = "isCorsRequest=<%= request.getAttribute(\"cors.isCorsRequest\") %>\n"
            + "origin=<%= request.getAttribute(\"cors.request.origin\") %>\n"
            + "type=<%= request.getAttribute(\"cors.request.type\") %>\n";
    static final String ORIGIN = "https://app.example.com";

    abstract Path dist();

    abstract Path war();

    @Override
    RunningApp startApp(Path work) throws Exception {
        Path policy = Policies.write(work, "cors.properties", POLICY);
        return Containers.standalone("attributes-" + getClass().getSimpleName(), dist(), war(), policy, work, tomcat -> {
            Path attrs = tomcat.base().resolve("webapps/attrs");
            Files.createDirectories(attrs);
            Files.writeString(attrs.resolve("index.jsp"), JSP, StandardCharsets.UTF_8);
        });
    }

    String attributes(RawHttp request) {
        HttpResponse r = app.send(request);
        assertStatus(200, r);
        return r.body().strip();
    }

    @Test
    void simpleRequest() {
        assertEquals("isCorsRequest=true\norigin=" + ORIGIN + "\ntype=simple", attributes(get("/attrs/index.jsp").origin(ORIGIN)));
    }

    @Test
    void postWithASafelistedContentTypeIsSimple() {
        assertEquals("isCorsRequest=true\norigin=" + ORIGIN + "\ntype=simple",
                attributes(RawHttp.request("POST", "/attrs/index.jsp").origin(ORIGIN).body("text/plain", "hi")));
    }

    @Test
    void postWithAJsonBodyIsActual() {
        // as Tomcat's CorsFilter classifies it: a POST whose Content-Type is not form, multipart
        // or text/plain needs a preflight, so it is an "actual" request, not a "simple" one
        assertEquals("isCorsRequest=true\norigin=" + ORIGIN + "\ntype=actual",
                attributes(RawHttp.request("POST", "/attrs/index.jsp").origin(ORIGIN).body("application/json", "{}")));
    }

    @Test
    void malformedOriginIsInvalidCors() {
        assertTrue(attributes(get("/attrs/index.jsp").origin("https://app.example.com/")).endsWith("type=invalid_cors"));
    }

    @Test
    void requestWithoutOrigin() {
        assertEquals("isCorsRequest=false\norigin=null\ntype=not_cors", attributes(get("/attrs/index.jsp")));
    }
}
