package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.MimeHeaders;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined at the start of web-core's private {@code OutputBuffer.addSessionCookies()}, where GlassFish
 * adds its own session cookies at commit: its {@code SessionCookieChecker}, registered on the Grizzly
 * output buffer for every request, calls it from Grizzly's {@code OutputBuffer.doCommit()} before the
 * status line and headers are encoded. Every commit passes there: the end of the request, flushes,
 * a body larger than the buffer, {@code sendError} and error pages, authenticator challenges. On
 * covered paths {@code Access-Control-*} headers the app set are dropped first.
 *
 * <p>Grizzly types only, so it serves both servlet generations of web-core.
 */
public final class GlassFishCommitAdvice {
    private GlassFishCommitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.FieldValue("grizzlyResponse") Response response) {
        if (response == null) {
            return;
        }
        Object attribute = response.getRequest().getAttribute(CorsBridge.PLAN_ATTRIBUTE);
        if (!(attribute instanceof ResponsePlan)) {
            return;
        }
        ResponsePlan plan = (ResponsePlan) attribute;
        MimeHeaders headers = response.getResponse().getHeaders();
        String vary = null; // the app's Vary lines, joined
        int i = 0;
        while (i < headers.size()) {
            String name = headers.getName(i).toString();
            if (CorsBridge.dropsAtCommit(plan, name)) {
                headers.removeHeader(name);
                CorsBridge.appCorsHeaderDropped(response.getRequest().getRequestURI(), name);
                continue;
            }
            if (CorsBridge.isVary(name)) {
                vary = CorsBridge.joinLine(vary, headers.getValue(i).toString());
            }
            i++;
        }
        for (int h = 0; h < CorsBridge.writeCount(plan); h++) { // the plan's headers, then the merged Vary
            String value = CorsBridge.writeValue(plan, h, vary);
            if (value != null) headers.setValue(CorsBridge.writeName(plan, h)).setString(value); // replaces every line of the name
        }
    }
}
