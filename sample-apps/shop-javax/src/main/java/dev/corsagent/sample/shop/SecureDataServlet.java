package dev.corsagent.sample.shop;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** /secure/data: reachable only after the container's BASIC login (web.xml security-constraint). */
public class SecureDataServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"data\":\"secret\",\"user\":\"" + request.getRemoteUser()
                + "\",\"method\":\"" + request.getMethod() + "\"}");
    }
}
