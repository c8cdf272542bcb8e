package dev.corsagent.instrument;

import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import net.bytebuddy.asm.Advice;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Generic fallback for containers without a dedicated hook (javax.servlet generation), inlined
 * into every {@code FilterChain.doFilter} implementation. Only the outermost call acts: it marks
 * the request with {@link CorsBridge#PLAN_ATTRIBUTE}, which inner chains, forwards, error pages,
 * async re-dispatches and Tomcat's own chain (the Tomcat hook sets it on the coyote request, which
 * the servlet request falls back to) all see. Headers go on at entry and again at exit while the
 * response is not committed. Identical to {@link JakartaFilterChainAdvice} but for the imports.
 */
public final class JavaxFilterChainAdvice {
    private JavaxFilterChainAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(0) ServletRequest servletRequest,
                                @Advice.Argument(1) ServletResponse servletResponse,
                                @Advice.Local("corsPlan") ResponsePlan corsPlan) {
        if (!(servletRequest instanceof HttpServletRequest) || !(servletResponse instanceof HttpServletResponse)
                || servletRequest.getAttribute(CorsBridge.PLAN_ATTRIBUTE) != null) {
            return false;
        }
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String pathInfo = request.getPathInfo();
        // outermost chain: servlet path and path info are decoded and normalised by the container
        ResponsePlan plan = CorsBridge.decide(request.getMethod(),
                request.getContextPath() + request.getServletPath() + (pathInfo == null ? "" : pathInfo), request.getHeaders("Origin"),
                request.getHeader("Access-Control-Request-Method"),
                request.getHeaders("Access-Control-Request-Headers"),
                request.getHeader("Access-Control-Request-Private-Network"), request.getContentType());
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
        corsPlan = plan;
        if (plan.answerStatus != 0) {
            response.setStatus(plan.answerStatus);
        }
        for (int h = 0; h < plan.headerNames.length; h++) {
            response.setHeader(plan.headerNames[h], plan.headerValues[h]);
        }
        if (plan.vary != null) {
            String existing = null;
            for (String value : response.getHeaders("Vary")) {
                existing = existing == null ? value : existing + ", " + value;
            }
            String merged = CorsBridge.mergeVary(existing, plan.vary);
            if (merged != null) {
                response.setHeader("Vary", merged);
            }
        }
        return plan.answerStatus != 0;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) ServletRequest servletRequest,
                            @Advice.Argument(1) ServletResponse servletResponse,
                            @Advice.Local("corsPlan") ResponsePlan corsPlan) {
        if (corsPlan == null || servletResponse.isCommitted()) {
            return;
        }
        // the app may have reset the response, replaced Vary or set CORS headers of its own
        ResponsePlan plan = corsPlan;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if (plan.ownsCorsHeaders) {
            for (Object name : response.getHeaderNames().toArray()) {
                if (CorsBridge.isCorsHeaderName((String) name) && !CorsBridge.planWrites(plan, (String) name)) {
                    response.setHeader((String) name, null); // removes the header where the container supports it (Jetty does)
                    HttpServletRequest request = (HttpServletRequest) servletRequest;
                    String pathInfo = request.getPathInfo();
                    CorsBridge.appCorsHeaderDropped(request.getContextPath() + request.getServletPath()
                            + (pathInfo == null ? "" : pathInfo), (String) name);
                }
            }
        }
        for (int h = 0; h < plan.headerNames.length; h++) {
            response.setHeader(plan.headerNames[h], plan.headerValues[h]);
        }
        if (plan.vary != null) {
            String existing = null;
            int lines = 0;
            for (String value : response.getHeaders("Vary")) {
                existing = existing == null ? value : existing + ", " + value;
                lines++;
            }
            String merged = CorsBridge.mergeVary(existing, plan.vary);
            if (merged != null) {
                response.setHeader("Vary", merged);
            } else if (lines > 1) {
                response.setHeader("Vary", existing); // the app added a line after ours: one line
            }
        }
    }
}
