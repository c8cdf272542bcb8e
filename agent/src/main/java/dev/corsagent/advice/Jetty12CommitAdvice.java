package dev.corsagent.advice;

import java.util.ListIterator;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.internal.ResponseHttpFields;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined at the start of {@code HttpChannelState.ChannelResponse.lockedPrepareResponse}, where
 * Jetty 12 builds the response metadata right before the status line and headers go out. Every
 * commit passes there: the first write, completing the callback without a body (a preflight answer,
 * {@code SecurityHandler}'s 401), and the error response Jetty builds after a failure (its
 * {@code ErrorResponse} calls this method through {@code super}). Writing the plan here means the
 * headers survive {@code reset()}, {@code sendError}, {@code ErrorHandler} pages and 401s. On
 * covered paths, {@code Access-Control-*} headers the app set are dropped first.
 *
 * <p>The response fields are already marked committed (read-only) at this point, so the advice
 * writes through {@code getMutableHttpFields()}, as Jetty itself does here for Content-Length.
 */
public final class Jetty12CommitAdvice {
    private Jetty12CommitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Response response,
                             @Advice.FieldValue("_httpFields") ResponseHttpFields responseFields) {
        Object attribute = response.getRequest().getAttribute(CorsBridge.PLAN_ATTRIBUTE);
        if (!(attribute instanceof ResponsePlan)) {
            return;
        }
        ResponsePlan plan = (ResponsePlan) attribute;
        HttpFields.Mutable headers = responseFields.getMutableHttpFields();
        String vary = null; // the app's Vary lines, joined
        ListIterator<HttpField> fields = headers.listIterator();
        while (fields.hasNext()) {
            HttpField field = fields.next();
            if (CorsBridge.dropsAtCommit(plan, field.getName())) {
                fields.remove();
                CorsBridge.appCorsHeaderDropped(response.getRequest().getHttpURI().getDecodedPath(), field.getName());
            } else if (CorsBridge.isVary(field.getName())) {
                vary = CorsBridge.joinLine(vary, field.getValue());
            }
        }
        for (int h = 0; h < CorsBridge.writeCount(plan); h++) { // the plan's headers, then the merged Vary
            String value = CorsBridge.writeValue(plan, h, vary);
            // put(name, value) would look the name up in Jetty's header trie on every response; a field
            // made with its header known skips that (Access-Control-* have no constant: names compare)
            if (value != null) headers.put(new HttpField(CorsBridge.writesVary(plan, h) ? HttpHeader.VARY : null,
                    CorsBridge.writeName(plan, h), value)); // replaces every line of the name
        }
    }
}
