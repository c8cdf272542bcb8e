package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;
import org.apache.tomcat.util.http.MimeHeaders;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RequestReads;
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
        // read from the coyote request, as catalina's Request getters do underneath
        MimeHeaders headers = coyote.getMimeHeaders();
        String method = coyote.method().toString();
        String path = request.getDecodedRequestURI();
        RequestReads reads = CorsBridge.reads(method, path, headers.getHeader(CorsBridge.ORIGIN) != null);
        for (String name = CorsBridge.firstRead(reads); name != null; name = reads.next()) reads.lines(headers.values(name));
        ResponsePlan plan = !CorsBridge.needsServer(reads) ? CorsBridge.decide(reads, method, path)
                : reads.decide(request.getServerName(), request.getServerPort(), request.getScheme());
        for (int a = 0; a < CorsBridge.attributeCount(plan); a++) coyote.setAttribute(CorsBridge.ATTRIBUTES[a], CorsBridge.attribute(plan, a));
        if (plan == null) {
            return false;
        }
        if (plan.answerStatus != 0) {
            response.setStatus(plan.answerStatus);
            return true;
        }
        return false;
    }
}
