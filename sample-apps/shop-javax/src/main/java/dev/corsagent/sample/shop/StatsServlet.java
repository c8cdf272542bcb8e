package dev.corsagent.sample.shop;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** /stats, outside the filter: how many requests (and OPTIONS requests) {@link AuthFilter} has seen. */
public class StatsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"filterRequests\":" + AuthFilter.REQUESTS_SEEN.get()
                + ",\"filterOptions\":" + AuthFilter.OPTIONS_SEEN.get() + "}");
    }
}
