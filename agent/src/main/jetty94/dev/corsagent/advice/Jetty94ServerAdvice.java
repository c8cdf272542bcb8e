package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined at the start of Jetty 9.4's {@code org.eclipse.jetty.server.Server.handle(HttpChannel)}:
 * the request line and headers are parsed and the path canonicalised, and no handler has run (no
 * {@code SecurityHandler}, no filter). Decides the request once (an async re-dispatch goes through
 * {@code handleAsync} and finds the plan), keeps the plan and the {@code cors.*} attributes on the
 * request, and answers a preflight itself: status set, request marked handled (else Jetty adds a
 * 404), and {@code handle} skipped; Jetty then completes the response, and the commit hook writes
 * the plan's headers.
 *
 * <p>Compiled apart from the other advice, against Jetty 9.4 (see agent/pom.xml).
 */
public final class Jetty94ServerAdvice {
    private Jetty94ServerAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(0) HttpChannel channel) {
        Request request = channel.getRequest();
        if (request.getAttribute(CorsBridge.PLAN_ATTRIBUTE) != null) {
            return false;
        }
        // the decoded, canonical path (dot segments resolved), context path included: Server.handle's target
        String method = request.getMethod();
        // the other CORS request headers only matter, and are only read, when there is an Origin: the
        // preflight ones on OPTIONS, Content-Type on POST (all the engine classifies and decides with)
        boolean options = "OPTIONS".equals(method);
        ResponsePlan plan = request.getHeader("Origin") == null
                ? CorsBridge.decideWithoutOrigin(method, request.getPathInfo())
                : CorsBridge.decide(method, request.getPathInfo(), request.getHeaders("Origin"),
                options ? request.getHeader("Access-Control-Request-Method") : null,
                options ? request.getHeaders("Access-Control-Request-Headers") : null,
                options ? request.getHeader("Access-Control-Request-Private-Network") : null,
                "POST".equals(method) ? request.getContentType() : null);
        if (plan == null) {
            request.setAttribute(CorsBridge.PLAN_ATTRIBUTE, Boolean.FALSE);
            return false;
        }
        request.setAttribute(CorsBridge.PLAN_ATTRIBUTE, plan);
        if (plan.requestType != null) {
            request.setAttribute("cors.isCorsRequest", plan.isCorsRequest);
            request.setAttribute("cors.request.type", plan.requestType);
            if (plan.origin != null) {
                request.setAttribute("cors.request.origin", plan.origin);
            }
            if (plan.requestHeaders != null) {
                request.setAttribute("cors.request.headers", plan.requestHeaders);
            }
        }
        if (plan.answerStatus != 0) {
            Response response = channel.getResponse();
            response.setStatus(plan.answerStatus);
            request.setHandled(true);
            return true;
        }
        return false;
    }
}
