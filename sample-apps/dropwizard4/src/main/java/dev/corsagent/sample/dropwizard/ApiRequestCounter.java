package dev.corsagent.sample.dropwizard;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests to /api that reach Jersey, OPTIONS separately: every one of them meets the
 * auth filter next, so an unchanged count shows a preflight never got near it.
 */
@PreMatching
final class ApiRequestCounter implements ContainerRequestFilter {
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger options = new AtomicInteger();

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("api/")) {
            return;
        }
        requests.incrementAndGet();
        if ("OPTIONS".equals(request.getMethod())) {
            options.incrementAndGet();
        }
    }
}
