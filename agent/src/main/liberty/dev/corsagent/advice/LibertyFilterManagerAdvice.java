package dev.corsagent.advice;

import com.ibm.ws.webcontainer.srt.SRTServletResponse;
import com.ibm.wsspi.webcontainer.servlet.IExtendedRequest;
import net.bytebuddy.asm.Advice;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RequestReads;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined at the start of Liberty's {@code WebAppFilterManager.invokeFilters(request, response,
 * context, processor, collaborators, connection)}: the request is mapped to its servlet (context
 * path, servlet path and path info are set), but the collaborators (security among them) have not
 * run, and no filter chain exists yet (an app without filters never gets one). Decides the request
 * once: forwards, includes and error pages come back here and find the plan on the request. A
 * preflight is answered by setting the status and skipping the method (its result is always false
 * in Liberty 26, which a skipped method returns too); the webapp then finishes the response, and
 * the commit hook writes the plan's headers. An answered request is marked with the error status
 * attribute so that Liberty does not cache the URI's servlet from it (see below).
 *
 * <p>The request is typed as Liberty's {@code IExtendedRequest} and the response as
 * {@code SRTServletResponse}: every call here has a descriptor without javax or jakarta types, so
 * the one advice links in the javax bundle and in its jakarta-transformed copy. A request that is
 * not Liberty's own (an app's wrapper on a forward) is left as it is.
 */
public final class LibertyFilterManagerAdvice {
    private LibertyFilterManagerAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(0) Object servletRequest, @Advice.Argument(1) Object servletResponse) {
        if (!(servletRequest instanceof IExtendedRequest)) {
            return false;
        }
        IExtendedRequest request = (IExtendedRequest) servletRequest;
        if (request.getAttribute(CorsBridge.PLAN_ATTRIBUTE) != null) {
            return false;
        }
        // mapped already: servlet path and path info are decoded; the servlet-4.0 webcontainer keeps
        // dot segments in them (servlet-6.0 resolves them), so they are resolved here
        String path = CorsBridge.withoutDotSegments(
                CorsBridge.path(request.getContextPath(), request.getServletPath(), request.getPathInfo()));
        String method = request.getMethod();
        RequestReads reads = CorsBridge.reads(method, path, request.getHeader(CorsBridge.ORIGIN) != null);
        for (String name = CorsBridge.firstRead(reads); name != null; name = reads.next()) reads.lines(request.getHeaders(name));
        ResponsePlan plan = !CorsBridge.needsServer(reads) ? CorsBridge.decide(reads, method, path)
                : reads.decide(request.getServerName(), request.getServerPort(), request.getScheme());
        for (int a = 0; a < CorsBridge.attributeCount(plan); a++) request.setAttribute(CorsBridge.ATTRIBUTES[a], CorsBridge.attribute(plan, a));
        if (plan == null) {
            return false;
        }
        if (plan.answerStatus != 0 && servletResponse instanceof SRTServletResponse) {
            ((SRTServletResponse) servletResponse).setStatus(plan.answerStatus);
            // WebApp.handleRequest caches the URI's servlet after this method returns unless the request
            // carries an error status; the skipped method would have put the servlet mapping into the
            // dispatcher context first, and a cache entry made without it fails every later request to
            // the URI (NullPointerException in CacheServletWrapper40.handleRequest, a 500). Both API
            // generations' names: which one the webcontainer reads depends on its bundle
            Integer status = Integer.valueOf(plan.answerStatus);
            request.setAttribute("javax.servlet.error.status_code", status);
            request.setAttribute("jakarta.servlet.error.status_code", status);
            return true;
        }
        return false;
    }
}
