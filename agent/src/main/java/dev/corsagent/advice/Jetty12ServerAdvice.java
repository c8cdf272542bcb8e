package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RequestReads;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined into {@code org.eclipse.jetty.server.Server.handle(Request, Response, Callback)}, Jetty
 * 12's core entry: the URI has passed Jetty's compliance checks, and no handler has run yet (so no
 * {@code SecurityHandler} and no servlet filter). Decides the request once, keeps the plan and the
 * {@code cors.*} attributes on the innermost core request (the ee8/ee9/ee10 servlet requests read
 * core attributes through, so the app sees {@code cors.*} and the generic filter-chain hook finds
 * the plan and stays out), and answers a preflight itself: status set, callback completed, and
 * {@code handle} returns true without running any handler.
 *
 * <p>Only Jetty core types, so the same advice serves every EE environment of Jetty 12.
 */
public final class Jetty12ServerAdvice {
    private Jetty12ServerAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(0) Request request, @Advice.Argument(1) Response response,
                                @Advice.Argument(2) Callback callback) {
        Request core = Request.unWrap(request);
        if (core.getAttribute(CorsBridge.PLAN_ATTRIBUTE) != null) {
            return false;
        }
        HttpFields headers = request.getHeaders();
        // the decoded, normalised path (dot segments and ;parameters removed), context path
        // included: what Jetty maps contexts and servlets with
        String method = request.getMethod();
        String path = request.getHttpURI().getDecodedPath();
        RequestReads reads = CorsBridge.reads(method, path, headers.get(CorsBridge.ORIGIN) != null);
        for (String name = CorsBridge.firstRead(reads); name != null; name = reads.next()) reads.lines(headers.getValues(name));
        ResponsePlan plan = !CorsBridge.needsServer(reads) ? CorsBridge.decide(reads, method, path)
                : reads.decide(Request.getServerName(request), Request.getServerPort(request), request.getHttpURI().getScheme());
        for (int a = 0; a < CorsBridge.attributeCount(plan); a++) core.setAttribute(CorsBridge.ATTRIBUTES[a], CorsBridge.attribute(plan, a));
        if (plan == null) {
            return false;
        }
        if (plan.answerStatus != 0) {
            response.setStatus(plan.answerStatus);
            callback.succeeded(); // commits: the commit hook writes the plan's headers
            return true;
        }
        return false;
    }

    /** An answered preflight was handled: {@code handle} must return true, or Jetty would answer 404 too. */
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Enter boolean answered, @Advice.Return(readOnly = false) boolean handled) {
        if (answered) {
            handled = true;
        }
    }
}
