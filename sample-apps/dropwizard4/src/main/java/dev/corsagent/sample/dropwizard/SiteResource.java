package dev.corsagent.sample.dropwizard;

import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The paths outside /api: the BASIC-secured data, a public page, and the stats the tests poll. */
@Path("/")
public class SiteResource {
    private final ApiRequestCounter counter;

    SiteResource(ApiRequestCounter counter) {
        this.counter = counter;
    }

    /** Behind BasicCredentialAuthFilter (alice / secret), the stand-in for container authentication. */
    @GET
    @Path("secure/data")
    @Produces(MediaType.APPLICATION_JSON)
    public String secureData(@Auth ShopAuth.ShopUser user) {
        return "{\"user\":\"" + user.getName() + "\"}";
    }

    @GET
    @Path("public/hello")
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() {
        return "hello";
    }

    /** Outside auth: how many /api requests (and OPTIONS among them) reached Jersey. */
    @GET
    @Path("stats")
    @Produces(MediaType.APPLICATION_JSON)
    public String stats() {
        return "{\"filterRequests\":" + counter.requests.get() + ",\"filterOptions\":" + counter.options.get() + "}";
    }
}
