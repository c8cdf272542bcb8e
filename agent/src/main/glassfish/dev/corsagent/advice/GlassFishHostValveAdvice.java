package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.glassfish.web.valve.GlassFishValve;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RequestReads;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined into GlassFish's (and Payara's) {@code int StandardHostValve.invoke(org.apache.catalina.Request,
 * org.apache.catalina.Response)}: the request is mapped to its context and servlet, and the context
 * pipeline, where GlassFish's authenticator valves run, has not started. Decides the request once,
 * keeps the plan and the {@code cors.*} attributes on the Grizzly request (catalina's
 * {@code getAttribute} falls back to it, and no attribute listener fires), and answers a preflight by
 * skipping the method and returning {@link GlassFishValve#END_PIPELINE}, what the method returns itself.
 *
 * <p>Only methods of web-core's and Grizzly's own classes whose descriptors name no {@code javax}/{@code
 * jakarta} type are called, so one advice serves both servlet generations of web-core.
 */
public final class GlassFishHostValveAdvice {
    private GlassFishHostValveAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(0) org.apache.catalina.Request catalinaRequest,
                                @Advice.Argument(1) org.apache.catalina.Response catalinaResponse) {
        if (!(catalinaRequest instanceof Request) || !(catalinaResponse instanceof Response)) {
            return false;
        }
        Request request = (Request) catalinaRequest;
        // through the response: web-core's Request names its accessor getGrizzlyRequest() in GlassFish 7
        // and getCoyoteRequest() in Payara 7, its Response getCoyoteResponse() in both
        org.glassfish.grizzly.http.server.Request grizzly = ((Response) catalinaResponse).getCoyoteResponse().getRequest();
        if (grizzly.getAttribute(CorsBridge.PLAN_ATTRIBUTE) != null) {
            return false;
        }
        // the mapped paths: decoded and normalised by the container, as the generic hook reads them
        String path = CorsBridge.path(request.getContextPath(), request.getServletPath(), request.getPathInfo());
        String method = request.getMethod();
        RequestReads reads = CorsBridge.reads(method, path, request.getHeader(CorsBridge.ORIGIN) != null);
        for (String name = CorsBridge.firstRead(reads); name != null; name = reads.next()) reads.lines(request.getHeaders(name));
        ResponsePlan plan = !CorsBridge.needsServer(reads) ? CorsBridge.decide(reads, method, path)
                : reads.decide(request.getServerName(), request.getServerPort(), request.getScheme());
        for (int a = 0; a < CorsBridge.attributeCount(plan); a++) grizzly.setAttribute(CorsBridge.ATTRIBUTES[a], CorsBridge.attribute(plan, a));
        if (plan == null) {
            return false;
        }
        if (plan.answerStatus != 0) {
            ((Response) catalinaResponse).setStatus(plan.answerStatus);
            return true;
        }
        return false;
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Enter boolean answered, @Advice.Return(readOnly = false) int next) {
        if (answered) {
            next = GlassFishValve.END_PIPELINE;
        }
    }
}
