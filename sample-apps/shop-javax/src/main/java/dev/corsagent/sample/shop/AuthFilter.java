package dev.corsagent.sample.shop;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The app's own token check on /api/*, written the way many legacy apps do it: it knows nothing of
 * CORS and rejects every request without an Authorization header, OPTIONS included. A browser never
 * sends credentials on a preflight, so the agent has to answer preflights before this filter runs.
 * The counters let tests prove that a preflight never reached the app (see {@link StatsServlet}).
 */
public class AuthFilter implements Filter {

    static final AtomicLong REQUESTS_SEEN = new AtomicLong();
    static final AtomicLong OPTIONS_SEEN = new AtomicLong();

    @Override
    public void init(FilterConfig filterConfig) {
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        REQUESTS_SEEN.incrementAndGet();
        if ("OPTIONS".equals(request.getMethod())) {
            OPTIONS_SEEN.incrementAndGet();
        }
        if (request.getHeader("Authorization") == null) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"shop\"");
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write("{\"error\":\"missing Authorization header\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    public void destroy() {
    }
}
