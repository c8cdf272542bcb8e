package dev.corsagent.advice;

import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.asm.Advice;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.HttpChannel;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Inlined at the start of Jetty 9.4's {@code HttpChannel.sendResponse(MetaData.Response, ByteBuffer,
 * boolean, Callback)}, the one method every commit goes through (the first write, closing the
 * output, {@code sendError} and {@code ErrorHandler} pages, {@code SecurityHandler}'s 401, Jetty's
 * own 500s), acting only while the response is not yet committed. The headers come from the given
 * metadata when the caller built it, else from the response, which is what Jetty then sends.
 * Writing the plan here means the headers survive {@code reset()}, {@code sendError}, error pages
 * and 401s. On covered paths, {@code Access-Control-*} headers the app set are dropped first.
 *
 * <p>Jetty 10 and 11 kept these names, with {@code HttpFields} an interface of read-only views and
 * {@code HttpFields.Mutable} the kind that can be written: their advice, {@code Jetty10CommitAdvice},
 * is this file with that type put in (generated at build time, agent/pom.xml), compiled against
 * Jetty 10. There the response's own fields are what Jetty sends (the metadata it builds at commit
 * holds them, not a copy); metadata a caller built with read-only fields is left alone.
 */
public final class Jetty94CommitAdvice {
    private Jetty94CommitAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This HttpChannel channel, @Advice.Argument(0) MetaData.Response info) {
        if (channel.isCommitted()) {
            return;
        }
        Object attribute = channel.getRequest().getAttribute(CorsBridge.PLAN_ATTRIBUTE);
        if (!(attribute instanceof ResponsePlan)) {
            return;
        }
        ResponsePlan plan = (ResponsePlan) attribute;
        HttpFields fields = info != null ? info.getFields() : channel.getResponse().getHttpFields();
        if (!(fields instanceof HttpFields)) {
            return; // none (in Jetty 10 and 11: read-only ones)
        }
        HttpFields headers = (HttpFields) fields;
        String vary = null; // the app's Vary lines, joined
        List<String> dropped = null; // only made when there is one; removed after the walk
        for (HttpField field : headers) {
            if (CorsBridge.dropsAtCommit(plan, field.getName())) {
                dropped = dropped == null ? new ArrayList<String>(4) : dropped;
                dropped.add(field.getName());
            } else if (CorsBridge.isVary(field.getName())) {
                vary = CorsBridge.joinLine(vary, field.getValue());
            }
        }
        for (int d = 0; dropped != null && d < dropped.size(); d++) {
            if (headers.remove(dropped.get(d)) != null) {
                CorsBridge.appCorsHeaderDropped(channel.getRequest().getHttpURI().getDecodedPath(), dropped.get(d));
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
