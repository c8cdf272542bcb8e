package dev.corsagent.sample.shop;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * /api/legacy-cors: hand-written CORS headers as old apps often have them (and the one place in this
 * app that mentions CORS at all), with the Resource Timing header such apps set beside them. On a
 * covered path the agent's policy replaces the {@code Access-Control-*} ones, and its
 * {@code Timing-Allow-Origin} where it sets one.
 */
public class LegacyCorsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Access-Control-Allow-Methods", "GET");
        response.setHeader("Timing-Allow-Origin", "*");
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"legacy\":true}");
    }
}
