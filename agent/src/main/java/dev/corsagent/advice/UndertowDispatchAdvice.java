package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.servlet.spec.HttpServletRequestImpl;
import io.undertow.util.AttachmentKey;
import io.undertow.util.CanonicalPathUtils;
import io.undertow.util.HeaderMap;

import dev.corsagent.bridge.ContainerKeys;
import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RequestReads;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined at the start of Undertow's {@code ServletInitialHandler.dispatchRequest(HttpServerExchange,
 * ServletRequestContext, ServletChain, DispatcherType)}: the path is mapped and the servlet request
 * exists, but the deployment's handler chain (its security handlers, BASIC/FORM challenges) and the
 * filters have not run. Decides the request once (async and forward dispatches come back here and
 * find the plan), keeps the plan and the {@code cors.*} attributes on the servlet request (where the
 * generic filter-chain hook finds the plan and stays out), and answers a preflight itself: status
 * set, exchange ended, the rest of the method skipped. The commit hook writes the plan's headers;
 * it finds the plan as an exchange attachment, under the key {@link ContainerKeys} keeps per
 * undertow-core, because inside JBoss Modules (WildFly) the core cannot see servlet types.
 *
 * <p>The request is typed as Undertow's own {@code HttpServletRequestImpl} (what
 * {@code getOriginalRequest()} returns in 2.2 and 2.3), and only methods whose descriptors carry no
 * {@code javax}/{@code jakarta} type are called, so the same advice serves Undertow 2.2 (javax,
 * WildFly 26) and 2.3 (jakarta).
 */
public final class UndertowDispatchAdvice {
    private UndertowDispatchAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static boolean enter(@Advice.Argument(0) HttpServerExchange exchange,
                                @Advice.Argument(1) ServletRequestContext context) {
        HttpServletRequestImpl request = context.getOriginalRequest();
        if (request.getAttribute(CorsBridge.PLAN_ATTRIBUTE) != null) {
            return false;
        }
        HeaderMap headers = exchange.getRequestHeaders();
        // the decoded path the servlet was mapped with, context path included. Undertow maps without
        // resolving dot segments (its resource manager resolves them when it serves a file), so they
        // are resolved here: coverage is decided on the normalized path, as on Tomcat and Jetty
        String pathInfo = request.getPathInfo();
        String path = CanonicalPathUtils.canonicalize(
                request.getContextPath() + request.getServletPath() + (pathInfo == null ? "" : pathInfo));
        String method = request.getMethod();
        RequestReads reads = CorsBridge.reads(method, path, headers.getFirst(CorsBridge.ORIGIN) != null);
        for (String name = CorsBridge.firstRead(reads); name != null; name = reads.next()) reads.lines(request.getHeaders(name));
        ResponsePlan plan = !CorsBridge.needsServer(reads) ? CorsBridge.decide(reads, method, path)
                : reads.decide(exchange.getHostName(), exchange.getHostPort(), exchange.getRequestScheme());
        for (int a = 0; a < CorsBridge.attributeCount(plan); a++) request.setAttribute(CorsBridge.ATTRIBUTES[a], CorsBridge.attribute(plan, a));
        if (plan == null) {
            return false;
        }
        @SuppressWarnings("unchecked")
        AttachmentKey<Object> key = (AttachmentKey<Object>) ContainerKeys.attachmentKey(AttachmentKey.class);
        exchange.putAttachment(key, plan); // for the commit advice, which sees only undertow-core
        if (plan.answerStatus != 0) {
            exchange.setStatusCode(plan.answerStatus);
            exchange.endExchange(); // commits: the commit hook writes the plan's headers
            return true;
        }
        return false;
    }
}
