package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined at the start of {@code org.apache.catalina.core.StandardHostValve.invoke}: the URI is
 * normalised and mapped, but no authenticator valve and no filter has run. Decides the request
 * once (an async re-dispatch finds the plan on the coyote request), keeps the plan and the
 * {@code cors.*} attributes on the coyote request (the servlet request falls back to those, and no
 * attribute listener fires this early), and answers a preflight by skipping the rest of the method.
 *
 * <p>Only methods whose descriptors carry no {@code javax}/{@code jakarta} type are called, so the
 * same advice serves Tomcat 9, 10.1 and 11.
 */
public final class TomcatHostValveAdvice {
    private TomcatHostValveAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(0) Request request, @Advice.Argument(1) Response response) {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        if (coyote.getAttribute(CorsBridge.PLAN_ATTRIBUTE) != null) {
            return false;
        }
        String method = request.getMethod();
        // the other CORS request headers only matter, and are only read, when there is an Origin: the
        // preflight ones on OPTIONS, Content-Type on POST (all the engine classifies and decides with)
        boolean options = "OPTIONS".equals(method);
        ResponsePlan plan = request.getHeader("Origin") == null
                ? CorsBridge.decideWithoutOrigin(method, request.getDecodedRequestURI())
                : CorsBridge.decide(method, request.getDecodedRequestURI(), request.getHeaders("Origin"),
                options ? request.getHeader("Access-Control-Request-Method") : null,
                options ? request.getHeaders("Access-Control-Request-Headers") : null,
                options ? request.getHeader("Access-Control-Request-Private-Network") : null,
                "POST".equals(method) ? request.getContentType() : null);
        if (plan == null) {
            coyote.setAttribute(CorsBridge.PLAN_ATTRIBUTE, Boolean.FALSE);
            return false;
        }
        coyote.setAttribute(CorsBridge.PLAN_ATTRIBUTE, plan);
        if (plan.requestType != null) {
            coyote.setAttribute("cors.isCorsRequest", plan.isCorsRequest);
            coyote.setAttribute("cors.request.type", plan.requestType);
            if (plan.origin != null) {
                coyote.setAttribute("cors.request.origin", plan.origin);
            }
            if (plan.requestHeaders != null) {
                coyote.setAttribute("cors.request.headers", plan.requestHeaders);
            }
        }
        if (plan.answerStatus != 0) {
            response.setStatus(plan.answerStatus);
            return true;
        }
        return false;
    }
}
