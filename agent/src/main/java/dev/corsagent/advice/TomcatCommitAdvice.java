package dev.corsagent.advice;

import net.bytebuddy.asm.Advice;
import org.apache.coyote.ActionCode;
import org.apache.coyote.Response;
import org.apache.tomcat.util.http.MimeHeaders;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined at the start of {@code org.apache.coyote.Response.action(ActionCode, Object)}, acting on
 * {@code COMMIT} of a response not yet committed: right before the status line and headers go out.
 * Every commit passes there: {@code commit()}/{@code sendHeaders()}, and the output buffers of
 * HTTP/1.1 and HTTP/2 that commit on the first write of a body larger than the response buffer
 * ({@code response.action(COMMIT, null)}, which bypasses {@code commit()}). Writing the plan here
 * means the headers survive {@code reset()}, {@code sendError}, error pages and authenticator
 * 401s. On covered paths, {@code Access-Control-*} headers the app set are dropped first.
 */
public final class TomcatCommitAdvice {
    private TomcatCommitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Response response, @Advice.Argument(0) ActionCode action) {
        if (action != ActionCode.COMMIT || response.isCommitted()) {
            return;
        }
        Object attribute = response.getRequest().getAttribute(CorsBridge.PLAN_ATTRIBUTE);
        if (!(attribute instanceof ResponsePlan)) {
            return;
        }
        ResponsePlan plan = (ResponsePlan) attribute;
        MimeHeaders headers = response.getMimeHeaders();
        String vary = null; // the app's Vary lines, joined
        int i = 0;
        while (i < headers.size()) {
            String name = headers.getName(i).toString();
            if (CorsBridge.dropsAtCommit(plan, name)) {
                headers.removeHeader(name);
                CorsBridge.appCorsHeaderDropped(response.getRequest().decodedURI().toString(), name);
                continue;
            }
            if (CorsBridge.isVary(name)) {
                vary = CorsBridge.joinLine(vary, headers.getValue(i).toString());
            }
            i++;
        }
        // as bytes: Tomcat writes a String header by copying it to a char[] and then to bytes, on
        // every response; a shared plan's bytes are made once
        for (int h = 0; h < CorsBridge.writeCount(plan); h++) { // the plan's headers, then the merged Vary
            byte[] value = CorsBridge.writeValueBytes(plan, h, vary);
            if (value != null) {
                byte[] name = CorsBridge.writeNameBytes(plan, h);
                headers.removeHeader(CorsBridge.writeName(plan, h)); // every line of the name becomes this one
                // a copy of the value: Tomcat keeps the array as that header field's buffer, and after
                // the response is recycled it writes a later header (setLong: Content-Length) into it;
                // the plan's shared bytes would be overwritten for every later response
                byte[] own = value.clone();
                headers.addValue(name, 0, name.length).setBytes(own, 0, own.length);
            }
        }
    }
}
