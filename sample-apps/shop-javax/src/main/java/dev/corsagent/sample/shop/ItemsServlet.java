package dev.corsagent.sample.shop;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * /api/items for GET, POST, PUT and DELETE. Sets a header the policy exposes (X-Request-Id), one it
 * does not (X-Internal), and its own Vary, which the agent must extend rather than replace.
 */
public class ItemsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, false);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, true);
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, true);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, false);
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, boolean readBody)
            throws IOException {
        StringBuilder json = new StringBuilder();
        json.append("{\"items\":[\"apple\",\"banana\",\"cherry\"],\"method\":\"")
                .append(request.getMethod()).append('"');
        if (readBody) {
            json.append(",\"bodyLength\":").append(bodyLength(request.getInputStream()));
        }
        json.append('}');

        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader("X-Request-Id", String.valueOf(REQUEST_IDS.incrementAndGet()));
        response.setHeader("X-Internal", "not-exposed");
        response.setHeader("Vary", "Accept-Encoding");
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(json.toString());
    }

    private static long bodyLength(InputStream body) throws IOException {
        byte[] buffer = new byte[8192];
        long length = 0;
        int read;
        while ((read = body.read(buffer)) != -1) {
            length += read;
        }
        return length;
    }
}
