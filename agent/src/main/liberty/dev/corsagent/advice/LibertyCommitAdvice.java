package dev.corsagent.advice;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import com.ibm.websphere.servlet.response.IResponse;
import com.ibm.ws.webcontainer.srt.SRTServletResponse;
import com.ibm.wsspi.webcontainer.servlet.IExtendedRequest;
import net.bytebuddy.asm.Advice;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined at the start of Liberty's {@code SRTServletResponse.commit()}, which runs once before the
 * status line and headers go out: from {@code finish()}, the first flush of a body larger than the
 * buffer (writer or stream), {@code flushBuffer}, {@code sendRedirect}. Writing the plan here means
 * the headers survive {@code reset()}, {@code sendError}, error pages and the security
 * collaborator's 401. On covered paths, {@code Access-Control-*} headers the app set are dropped.
 *
 * <p>The headers are written through the transport response ({@code IResponse}) under the servlet
 * response: the servlet-level setters ignore calls during an include and once the writer counts as
 * committed, and this is the moment just before the headers are serialised. Only descriptors
 * without javax or jakarta types, so the one advice serves both bundle generations.
 */
public final class LibertyCommitAdvice {
    private LibertyCommitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This SRTServletResponse self,
                             @Advice.FieldValue("_headersWritten") boolean headersWritten) {
        if (headersWritten) {
            return;
        }
        IExtendedRequest request = self.getRequest();
        Object attribute = request == null ? null : request.getAttribute(CorsBridge.PLAN_ATTRIBUTE);
        if (!(attribute instanceof ResponsePlan)) {
            return;
        }
        IResponse response = self.getIResponse();
        if (response == null || response.isCommitted()) {
            return;
        }
        ResponsePlan plan = (ResponsePlan) attribute;
        List<String> dropped = null;
        for (Enumeration<?> names = response.getHeaderNames(); names != null && names.hasMoreElements(); ) {
            String name = String.valueOf(names.nextElement());
            if (CorsBridge.dropsAtCommit(plan, name)) {
                if (dropped == null) dropped = new ArrayList<String>();
                if (!dropped.contains(name)) dropped.add(name);
            }
        }
        if (dropped != null) {
            String path = CorsBridge.path(request.getContextPath(), request.getServletPath(), request.getPathInfo());
            for (String name : dropped) {
                response.removeHeader(name);
                CorsBridge.appCorsHeaderDropped(path, name);
            }
        }
        String vary = null; // the app's Vary lines, joined
        for (Enumeration<?> lines = response.getHeaders(CorsBridge.VARY); lines != null && lines.hasMoreElements(); ) {
            vary = CorsBridge.joinLine(vary, String.valueOf(lines.nextElement()));
        }
        for (int h = 0; h < CorsBridge.writeCount(plan); h++) { // the plan's headers, then the merged Vary
            String value = CorsBridge.writeValue(plan, h, vary);
            if (value != null) response.setHeader(CorsBridge.writeName(plan, h), value); // replaces every line of the name
        }
    }
}
