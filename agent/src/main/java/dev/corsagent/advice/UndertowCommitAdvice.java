package dev.corsagent.advice;

import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.asm.Advice;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import dev.corsagent.bridge.ContainerKeys;
import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined at the start of Undertow's {@code HttpServerExchange.startResponse()}, which every
 * response passes exactly once right before its status line and headers are written (Undertow
 * calls it from {@code getResponseChannel()}, which the servlet output, {@code endExchange()},
 * error pages and the security handlers' challenges all go through). Writing the plan here means
 * the headers survive {@code reset()}, {@code sendError}, error pages and 401s. On covered paths,
 * {@code Access-Control-*} headers the app set are dropped first.
 *
 * <p>The plan is the exchange attachment the entry advice put there, under the key
 * {@link ContainerKeys} keeps for this undertow-core; only undertow-core types are named, because
 * inside JBoss Modules (WildFly) {@code io.undertow.core} cannot see {@code io.undertow.servlet}.
 * An exchange that never reached a servlet deployment has no plan and is left alone.
 */
public final class UndertowCommitAdvice {
    private UndertowCommitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This HttpServerExchange exchange) {
        if (exchange.isResponseStarted()) {
            return;
        }
        @SuppressWarnings("unchecked")
        AttachmentKey<Object> key = (AttachmentKey<Object>) ContainerKeys.attachmentKey(AttachmentKey.class);
        Object attribute = exchange.getAttachment(key);
        if (!(attribute instanceof ResponsePlan)) {
            return;
        }
        ResponsePlan plan = (ResponsePlan) attribute;
        HeaderMap headers = exchange.getResponseHeaders();
        String vary = null; // the app's Vary lines, joined
        List<String> dropped = null; // only made when there is one; removed after the walk
        for (HeaderValues values : headers) {
            String name = values.getHeaderName().toString();
            if (CorsBridge.dropsAtCommit(plan, name)) {
                dropped = dropped == null ? new ArrayList<String>(4) : dropped;
                dropped.add(name);
            } else if (CorsBridge.isVary(name)) {
                for (int v = 0; v < values.size(); v++) {
                    vary = CorsBridge.joinLine(vary, values.get(v));
                }
            }
        }
        for (int d = 0; dropped != null && d < dropped.size(); d++) {
            headers.remove(dropped.get(d));
            CorsBridge.appCorsHeaderDropped(exchange.getRequestPath(), dropped.get(d));
        }
        for (int h = 0; h < CorsBridge.writeCount(plan); h++) { // the plan's headers, then the merged Vary
            String value = CorsBridge.writeValue(plan, h, vary);
            // Vary as Undertow's own constant: a new HttpString copies and hashes the name on every response
            if (value != null) headers.put(CorsBridge.writesVary(plan, h) ? Headers.VARY
                    : new HttpString(CorsBridge.writeName(plan, h)), value); // replaces every line of the name
        }
    }
}
