package dev.corsagent.sample.dropwizard;

import io.dropwizard.auth.Auth;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shop's API under /shop/api, every method behind the Bearer auth filter (an @Auth principal),
 * OPTIONS included, as the WAR's AuthFilter does: without the agent a browser's preflight gets 401.
 */
@Path("/api")
public class ApiResource {
    private final AtomicLong requestIds = new AtomicLong();

    @GET
    @Path("items")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@Auth ShopAuth.ApiClient client) {
        return items("GET", null);
    }

    @POST
    @Path("items")
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(@Auth ShopAuth.ApiClient client, String body) {
        return items("POST", body);
    }

    @PUT
    @Path("items")
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@Auth ShopAuth.ApiClient client, String body) {
        return items("PUT", body);
    }

    @DELETE
    @Path("items")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@Auth ShopAuth.ApiClient client) {
        return items("DELETE", null);
    }

    @OPTIONS
    @Path("items")
    @Produces(MediaType.APPLICATION_JSON)
    public Response options(@Auth ShopAuth.ApiClient client) {
        return items("OPTIONS", null);
    }

    /** 200 JSON with the app's own X-Request-Id and Vary: Accept-Encoding (the agent must merge Vary). */
    private Response items(String method, String body) {
        return Response.ok("{\"items\":[\"apple\",\"pear\"],\"method\":\"" + method
                        + "\",\"bodyLength\":" + (body == null ? 0 : body.length()) + "}")
                .header("X-Request-Id", Long.toString(requestIds.incrementAndGet()))
                .header("X-Internal", "not-exposed")
                .header("Vary", "Accept-Encoding")
                .build();
    }

    /** Throws: Dropwizard's exception mapper answers 500 JSON. */
    @GET
    @Path("boom")
    public String boom(@Auth ShopAuth.ApiClient client) {
        throw new IllegalStateException("boom, on purpose");
    }

    /** 418 through Dropwizard's mapper for WebApplicationException. */
    @GET
    @Path("teapot")
    public String teapot(@Auth ShopAuth.ApiClient client) {
        throw new WebApplicationException("short and stout", 418);
    }

    /** A header set on the servlet response, then reset() before Jersey writes its 200. */
    @GET
    @Path("reset")
    public String reset(@Auth ShopAuth.ApiClient client, @Context HttpServletResponse response) {
        response.setHeader("X-Before-Reset", "1");
        response.reset();
        return "after reset";
    }

    /** CORS headers of the app's own, as legacy code sets them: the agent must replace them. */
    @GET
    @Path("legacy-cors")
    public Response legacyCors(@Auth ShopAuth.ApiClient client) {
        return Response.ok("legacy")
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "GET")
                .build();
    }
}
