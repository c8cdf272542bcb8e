package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import dev.corsagent.bridge.CorsBridge;
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
        boolean preflight = CorsBridge.readsPreflightHeaders(method); // the read rule: CorsBridge
        boolean guarded = CorsBridge.readsFetchSite(method);
        boolean upgrade = CorsBridge.readsUpgrade(method);
        String fetchSite = guarded ? headers.get(CorsBridge.FETCH_SITE) : null;
        ResponsePlan plan = headers.get(CorsBridge.ORIGIN) == null && fetchSite == null
                ? CorsBridge.decideWithoutOrigin(method, path)
                : CorsBridge.decide(method, path, headers.getValues(CorsBridge.ORIGIN),
                preflight ? headers.get(CorsBridge.REQUEST_METHOD) : null,
                preflight ? headers.getValues(CorsBridge.REQUEST_HEADERS) : null,
                preflight ? headers.get(CorsBridge.REQUEST_PRIVATE_NETWORK) : null,
                CorsBridge.readsContentType(method) ? headers.get("Content-Type") : null,
                fetchSite, upgrade ? headers.get(CorsBridge.UPGRADE) : null,
                guarded || upgrade ? CorsBridge.hostOf(headers.get(CorsBridge.HOST), Request.getServerName(request),
                        Request.getServerPort(request)) : null,
                upgrade ? request.getHttpURI().getScheme() : null);
        core.setAttribute(CorsBridge.PLAN_ATTRIBUTE, plan == null ? Boolean.FALSE : plan);
        if (plan == null) {
            return false;
        }
        for (int a = 0; a < ResponsePlan.ATTRIBUTES.length; a++) { // the plan says which cors.* attributes
            Object value = plan.attribute(a);
            if (value != null) core.setAttribute(ResponsePlan.ATTRIBUTES[a], value);
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
