package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RequestReads;
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
 * <p>Compiled apart from the other advice, against Jetty 9.4 (see agent/pom.xml). Jetty 10 and 11
 * keep these names with {@code HttpFields} an interface: their advice, {@code Jetty10ServerAdvice},
 * is this file compiled against Jetty 10 (generated at build time), so each calls its version's
 * {@code HttpFields} the way its bytecode must (a class in 9.4, an interface from 10 on).
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
        HttpFields headers = request.getHttpFields();
        if (headers == null) {
            return false; // no request metadata: nothing to decide on
        }
        // the decoded, canonical path (dot segments resolved), context path included: Server.handle's target
        String method = request.getMethod();
        String path = request.getPathInfo();
        RequestReads reads = CorsBridge.reads(method, path, headers.get(CorsBridge.ORIGIN) != null);
        for (String name = CorsBridge.firstRead(reads); name != null; name = reads.next()) reads.lines(headers.getValues(name));
        ResponsePlan plan = !CorsBridge.needsServer(reads) ? CorsBridge.decide(reads, method, path)
                : reads.decide(request.getServerName(), request.getServerPort(), request.getScheme());
        for (int a = 0; a < CorsBridge.attributeCount(plan); a++) request.setAttribute(CorsBridge.ATTRIBUTES[a], CorsBridge.attribute(plan, a));
        if (plan == null) {
            return false;
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
