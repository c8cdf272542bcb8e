package dev.corsagent.sample.shop;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** /api/boom: an app bug. The container answers with its own 500 error page. */
public class BoomServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        throw new RuntimeException("boom: a deliberate failure of the sample app");
    }
}
