package dev.corsagent.advice;

import java.util.Collection;

import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import net.bytebuddy.asm.Advice;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RequestReads;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Generic fallback for containers without a dedicated hook (javax.servlet generation), inlined
 * into every {@code FilterChain.doFilter} implementation. Only the outermost call acts: it marks
 * the request with {@link CorsBridge#PLAN_ATTRIBUTE}, which inner chains, forwards, error pages,
 * async re-dispatches and Tomcat's own chain (the Tomcat hook sets it on the coyote request, which
 * the servlet request falls back to) all see. Headers go on at entry and again at exit while the
 * response is not committed.
 *
 * <p>The one source of both API generations: {@code JakartaFilterChainAdvice} is this file with the
 * servlet package and the class name replaced, generated at build time (agent/pom.xml).
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
        // outermost chain: servlet path and path info are decoded and normalised by the container
        String path = CorsBridge.path(request.getContextPath(), request.getServletPath(), request.getPathInfo());
        String method = request.getMethod();
        RequestReads reads = CorsBridge.reads(method, path, request.getHeader(CorsBridge.ORIGIN) != null);
        for (String name = CorsBridge.firstRead(reads); name != null; name = reads.next()) reads.lines(request.getHeaders(name));
        ResponsePlan plan = !CorsBridge.needsServer(reads) ? CorsBridge.decide(reads, method, path)
                : reads.decide(request.getServerName(), request.getServerPort(), request.getScheme());
        for (int a = 0; a < CorsBridge.attributeCount(plan); a++) request.setAttribute(CorsBridge.ATTRIBUTES[a], CorsBridge.attribute(plan, a));
        if (plan == null) {
            return false;
        }
        corsPlan = plan;
        if (plan.answerStatus != 0) {
            response.setStatus(plan.answerStatus);
        }
        for (int h = 0; h < plan.headerNames.length; h++) {
            response.setHeader(plan.headerNames[h], plan.headerValues[h]);
        }
        if (plan.vary != null) {
            String existing = response.getHeader(CorsBridge.VARY) == null ? null
                    : CorsBridge.joinValues(response.getHeaders(CorsBridge.VARY));
            String merged = CorsBridge.varyToWrite(plan, existing);
            if (merged != null) {
                response.setHeader(CorsBridge.VARY, merged);
            }
        }
        return plan.answerStatus != 0;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) ServletRequest servletRequest,
                            @Advice.Argument(1) ServletResponse servletResponse,
                            @Advice.Enter boolean answered, @Advice.Local("corsPlan") ResponsePlan corsPlan) {
        if (corsPlan == null || answered || servletResponse.isCommitted()) {
            return; // an answered preflight skipped the chain: nothing can have changed the response
        }
        // the app may have reset the response, replaced Vary or set CORS headers of its own; what is
        // still as the plan wrote it is left alone (nothing copied, nothing written)
        ResponsePlan plan = corsPlan;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if (plan.ownsCorsHeaders) {
            String[] appCorsHeaders = CorsBridge.corsHeadersNotInPlan(plan, response.getHeaderNames());
            if (appCorsHeaders != null) {
                HttpServletRequest request = (HttpServletRequest) servletRequest;
                for (String name : appCorsHeaders) {
                    response.setHeader(name, null); // removes the header where the container supports it (Jetty does)
                    CorsBridge.appCorsHeaderDropped(CorsBridge.path(request.getContextPath(), request.getServletPath(),
                            request.getPathInfo()), name);
                }
            }
        }
        for (int h = 0; h < plan.headerNames.length; h++) {
            if (!CorsBridge.isOnly(response.getHeaders(plan.headerNames[h]), plan.headerValues[h])) {
                response.setHeader(plan.headerNames[h], plan.headerValues[h]);
            }
        }
        if (plan.vary != null) {
            Collection<String> varies = response.getHeaders(CorsBridge.VARY);
            String existing = CorsBridge.joinValues(varies);
            String merged = CorsBridge.varyToWrite(plan, existing);
            if (merged != null) {
                response.setHeader(CorsBridge.VARY, merged);
            } else if (varies != null && varies.size() > 1) {
                response.setHeader(CorsBridge.VARY, existing); // the app added a line after ours: one line
            }
        }
    }
}
