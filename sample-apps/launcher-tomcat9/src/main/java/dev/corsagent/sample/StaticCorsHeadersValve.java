package dev.corsagent.sample;

import java.io.IOException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * A floor for the benchmarks (scripts/bench/hook-cost.sh {@code FLOOR=1}), not CORS: the response
 * headers the agent writes under the benchmarks' policy, with the same names and values, set without
 * deciding anything: on {@code /shop/api/} requests that carry an Origin the grant, and on every
 * response {@code Vary: Origin}. What is left between this and the agent is the agent's own work;
 * what is between this and the bare app is the price of sending those headers at all.
 *
 * <p>Catalina types only, so the one source serves Tomcat 9, 10.1 and 11, as {@link Launcher} does.
 */
final class StaticCorsHeadersValve extends ValveBase {
    StaticCorsHeadersValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException {
        String origin = request.getHeader("Origin");
        try {
            getNext().invoke(request, response);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // ServletException, javax or jakarta by the Tomcat this is compiled against: passed on as it is
            throw StaticCorsHeadersValve.<RuntimeException>asUnchecked(e);
        }
        if (response.isCommitted()) {
            return;
        }
        if (origin != null && request.getDecodedRequestURI().startsWith("/shop/api/")) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.setHeader("Access-Control-Expose-Headers", "X-Request-Id");
        }
        // SPEC rules 2 and 3: Origin joins Vary on every response, covered or not, with Origin or without
        String vary = response.getHeader("Vary");
        response.setHeader("Vary", vary == null ? "Origin" : vary + ", Origin");
    }

    @SuppressWarnings("unchecked")
    private static <T extends Exception> T asUnchecked(Exception e) throws T {
        throw (T) e;
    }
}
