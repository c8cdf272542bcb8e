package dev.corsagent.advice;

import dev.corsagent.hooks.Hooks;
import dev.corsagent.hooks.WeaveForTest;

import dev.corsagent.hooks.HookCatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.bytebuddy.dynamic.loading.ByteArrayClassLoader;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RecordingHandler;
import dev.corsagent.bridge.ResponsePlan;

/**
 * Runs the Tomcat advice inlined into the real Tomcat 9 classes (redefined into a child-first
 * loader, the rest of Tomcat shared), against a recording request handler.
 */
class TomcatAdviceTest {
    private static final String APP = "https://app.example.com";
    private RecordingHandler handler;

    @AfterEach
    void uninstall() {
        CorsBridge.install(null);
    }

    private void installHandler() {
        handler = RecordingHandler.installed();
    }

    /** {@code method path [origins] requestMethod [contentType]} of each decision asked for. */
    private List<String> decided() {
        List<String> lines = new ArrayList<String>();
        for (RecordingHandler.Request r : handler.decided) {
            lines.add(r.method + " " + r.path + " " + r.origins + " " + r.requestMethod
                    + (r.contentType == null ? "" : " " + r.contentType));
        }
        return lines;
    }

    private static Class<?> hooked(Class<?> type, String adviceClass, Hooks.MethodCheck methods) throws Exception {
        byte[] bytes = WeaveForTest.weave(type, adviceClass, methods);
        ClassLoader loader = new ByteArrayClassLoader.ChildFirst(type.getClassLoader(),
                Collections.singletonMap(type.getName(), bytes));
        return Class.forName(type.getName(), true, loader);
    }

    private static ResponsePlan plan(int status, String vary, String... nameValues) {
        String[] names = new String[nameValues.length / 2];
        String[] values = new String[nameValues.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = nameValues[2 * i];
            values[i] = nameValues[2 * i + 1];
        }
        return new ResponsePlan(status, names, values, vary, true, Boolean.TRUE, APP, "actual", null);
    }

    private static List<String> headerLines(MimeHeaders headers) {
        List<String> lines = new ArrayList<String>();
        for (int i = 0; i < headers.size(); i++) {
            lines.add(headers.getName(i) + ": " + headers.getValue(i));
        }
        return lines;
    }

    // --- commit ---------------------------------------------------------------------------------

    private Object coyoteResponse(Class<?> hookedResponse, org.apache.coyote.Request request) throws Exception {
        Object response = hookedResponse.getConstructor().newInstance();
        hookedResponse.getMethod("setRequest", org.apache.coyote.Request.class).invoke(response, request);
        return response;
    }

    private static MimeHeaders headersOf(Object response) throws Exception {
        return (MimeHeaders) response.getClass().getMethod("getMimeHeaders").invoke(response);
    }

    private static void commit(Object response) throws Exception {
        response.getClass().getMethod("commit").invoke(response);
    }

    @Test
    void atCommitReplacesTheAppsCorsHeadersAndMergesVary() throws Exception {
        installHandler();
        Class<?> hookedResponse = hooked(org.apache.coyote.Response.class, TomcatCommitAdvice.class.getName(),
                Hooks.methods(HookCatalog.TOMCAT_COMMIT));
        org.apache.coyote.Request request = new org.apache.coyote.Request();
        request.decodedURI().setString("/api/orders");
        request.setAttribute(CorsBridge.PLAN_ATTRIBUTE, plan(0, "Origin", "Access-Control-Allow-Origin", APP));
        Object response = coyoteResponse(hookedResponse, request);
        MimeHeaders headers = headersOf(response);
        headers.addValue("Access-Control-Allow-Origin").setString("*");
        headers.addValue("access-control-allow-credentials").setString("true");
        headers.addValue("Vary").setString("Accept-Encoding");
        headers.addValue("X-Other").setString("kept");

        commit(response);

        assertEquals(java.util.Arrays.asList("X-Other: kept", "Access-Control-Allow-Origin: " + APP,
                "Vary: Accept-Encoding, Origin"), headerLines(headers));
        assertEquals(java.util.Arrays.asList("/api/orders Access-Control-Allow-Origin",
                "/api/orders access-control-allow-credentials"), handler.dropped);
    }

    @Test
    void aCommitByTheOutputBufferOnALargeBodyGetsTheHeadersToo() throws Exception {
        installHandler();
        Class<?> hookedResponse = hooked(org.apache.coyote.Response.class, TomcatCommitAdvice.class.getName(),
                Hooks.methods(HookCatalog.TOMCAT_COMMIT));
        org.apache.coyote.Request request = new org.apache.coyote.Request();
        request.setAttribute(CorsBridge.PLAN_ATTRIBUTE, plan(0, "Origin", "Access-Control-Allow-Origin", APP));
        Object response = coyoteResponse(hookedResponse, request);
        // Http11OutputBuffer.doWrite: response.action(COMMIT, null), never through commit()
        hookedResponse.getMethod("action", org.apache.coyote.ActionCode.class, Object.class)
                .invoke(response, org.apache.coyote.ActionCode.COMMIT, null);
        assertEquals(java.util.Arrays.asList("Access-Control-Allow-Origin: " + APP, "Vary: Origin"),
                headerLines(headersOf(response)));
    }

    @Test
    void theHeadersGoOutAsBytesAndTomcatNeverGetsTheSharedPlansOwnArray() throws Exception {
        installHandler();
        Class<?> hookedResponse = hooked(org.apache.coyote.Response.class, TomcatCommitAdvice.class.getName(),
                Hooks.methods(HookCatalog.TOMCAT_COMMIT));
        Object shared = plan(0, "Origin", "Access-Control-Allow-Origin", APP);
        byte[][] seen = new byte[2][];
        for (int r = 0; r < 2; r++) {
            org.apache.coyote.Request request = new org.apache.coyote.Request();
            request.setAttribute(CorsBridge.PLAN_ATTRIBUTE, shared);
            Object response = coyoteResponse(hookedResponse, request);
            MimeHeaders headers = headersOf(response);
            headers.addValue("Vary").setString("Accept-Encoding");
            commit(response);
            int allowOrigin = headers.findHeader("Access-Control-Allow-Origin", 0);
            // Http11OutputBuffer copies T_BYTES as they are; a String it turns into a char[], then into bytes
            assertEquals(org.apache.tomcat.util.buf.MessageBytes.T_BYTES, headers.getName(allowOrigin).getType());
            assertEquals(org.apache.tomcat.util.buf.MessageBytes.T_BYTES, headers.getValue(allowOrigin).getType());
            seen[r] = headers.getValue(allowOrigin).getByteChunk().getBytes();
            assertEquals(java.util.Arrays.asList("Access-Control-Allow-Origin: " + APP, "Vary: Accept-Encoding, Origin"),
                    headerLines(headers), "response " + r);
            // what Tomcat does once the response is recycled: the field's buffer is reused for a later
            // header (MessageBytes.setLong writes Content-Length into it); the plan must not change
            seen[r][0] = '4';
        }
        org.junit.jupiter.api.Assertions.assertNotSame(seen[0], seen[1], "each response its own copy of the plan's bytes");
    }

    @Test
    void anAdviceFailureIsReportedAndTheResponseStillCommits() throws Exception {
        installHandler();
        byte[] bytes = WeaveForTest.weave(org.apache.coyote.Response.class, TomcatCommitAdvice.class.getName(),
                Hooks.methods(HookCatalog.TOMCAT_COMMIT));
        Class<?> hookedResponse = Class.forName(org.apache.coyote.Response.class.getName(), true,
                new ByteArrayClassLoader.ChildFirst(org.apache.coyote.Response.class.getClassLoader(),
                        Collections.singletonMap(org.apache.coyote.Response.class.getName(), bytes)));
        // a response without its request makes the advice throw
        Object response = hookedResponse.getConstructor().newInstance();
        commit(response);
        assertEquals(Collections.singletonList("TomcatCommitAdvice: NullPointerException"), handler.failures);
        assertEquals(Boolean.TRUE, hookedResponse.getMethod("isCommitted").invoke(response));
    }

    @Test
    void otherActionsLeaveTheHeadersAlone() throws Exception {
        installHandler();
        Class<?> hookedResponse = hooked(org.apache.coyote.Response.class, TomcatCommitAdvice.class.getName(),
                Hooks.methods(HookCatalog.TOMCAT_COMMIT));
        org.apache.coyote.Request request = new org.apache.coyote.Request();
        request.setAttribute(CorsBridge.PLAN_ATTRIBUTE, plan(0, "Origin", "Access-Control-Allow-Origin", APP));
        Object response = coyoteResponse(hookedResponse, request);
        hookedResponse.getMethod("action", org.apache.coyote.ActionCode.class, Object.class)
                .invoke(response, org.apache.coyote.ActionCode.CLIENT_FLUSH, null);
        assertEquals(Collections.<String>emptyList(), headerLines(headersOf(response)));
    }

    @Test
    void headersWrittenAtCommitSurviveAnEarlierReset() throws Exception {
        installHandler();
        Class<?> hookedResponse = hooked(org.apache.coyote.Response.class, TomcatCommitAdvice.class.getName(),
                Hooks.methods(HookCatalog.TOMCAT_COMMIT));
        org.apache.coyote.Request request = new org.apache.coyote.Request();
        request.setAttribute(CorsBridge.PLAN_ATTRIBUTE, plan(0, "Origin", "Access-Control-Allow-Origin", APP));
        Object response = coyoteResponse(hookedResponse, request);
        headersOf(response).addValue("X-Before-Reset").setString("1");
        hookedResponse.getMethod("reset").invoke(response);
        commit(response);
        assertEquals(java.util.Arrays.asList("Access-Control-Allow-Origin: " + APP, "Vary: Origin"),
                headerLines(headersOf(response)));
    }

    @Test
    void leavesResponsesWithoutAPlanAndCommittedResponsesAlone() throws Exception {
        installHandler();
        Class<?> hookedResponse = hooked(org.apache.coyote.Response.class, TomcatCommitAdvice.class.getName(),
                Hooks.methods(HookCatalog.TOMCAT_COMMIT));
        org.apache.coyote.Request undecided = new org.apache.coyote.Request();
        undecided.setAttribute(CorsBridge.PLAN_ATTRIBUTE, Boolean.FALSE);
        Object response = coyoteResponse(hookedResponse, undecided);
        headersOf(response).addValue("Access-Control-Allow-Origin").setString("*");
        commit(response);
        assertEquals(Collections.singletonList("Access-Control-Allow-Origin: *"), headerLines(headersOf(response)));

        org.apache.coyote.Request decided = new org.apache.coyote.Request();
        decided.setAttribute(CorsBridge.PLAN_ATTRIBUTE, plan(0, "Origin", "Access-Control-Allow-Origin", APP));
        Object committed = coyoteResponse(hookedResponse, decided);
        hookedResponse.getMethod("setCommitted", boolean.class).invoke(committed, true);
        commit(committed);
        assertEquals(Collections.<String>emptyList(), headerLines(headersOf(committed)));
    }

    // --- host valve -----------------------------------------------------------------------------

    private Request request(String method, String path, String origin, String requestMethod) {
        org.apache.coyote.Request coyote = new org.apache.coyote.Request();
        coyote.method().setString(method);
        coyote.decodedURI().setString(path);
        if (origin != null) {
            coyote.getMimeHeaders().addValue("Origin").setString(origin);
        }
        if (requestMethod != null) {
            coyote.getMimeHeaders().addValue("Access-Control-Request-Method").setString(requestMethod);
        }
        Request request = new Request(new Connector());
        request.setCoyoteRequest(coyote);
        return request;
    }

    private static Response response() {
        Response response = new Response();
        response.setCoyoteResponse(new org.apache.coyote.Response());
        return response;
    }

    /**
     * Returns true when the original method body ran: without a mapped context it answers 404
     * (or fails on the bare test objects).
     */
    private static boolean invokeValve(Class<?> hookedValve, Request request, Response response) throws Exception {
        java.lang.reflect.Constructor<?> constructor = hookedValve.getDeclaredConstructor();
        constructor.setAccessible(true); // the valve class is package-private
        Object valve = constructor.newInstance();
        java.lang.reflect.Method invoke = hookedValve.getMethod("invoke", Request.class, Response.class);
        invoke.setAccessible(true);
        try {
            invoke.invoke(valve, request, response);
            return response.getStatus() == 404;
        } catch (InvocationTargetException bodyRan) {
            return true;
        }
    }

    @Test
    void answersAnAllowedPreflightWithoutRunningTheValve() throws Exception {
        installHandler();
        Class<?> valve = hooked(Class.forName(HookCatalog.TOMCAT_ENTRY.target), TomcatHostValveAdvice.class.getName(),
                Hooks.methods(HookCatalog.TOMCAT_ENTRY));
        handler.nextPlan = new ResponsePlan(204, new String[] {"Access-Control-Allow-Origin"}, new String[] {APP},
                "Origin", true, Boolean.TRUE, APP, "pre_flight", "x-token");
        Request request = request("OPTIONS", "/shop/api/x", APP, "PUT");
        Response response = response();

        assertFalse(invokeValve(valve, request, response), "the rest of the pipeline is skipped");
        assertEquals(204, response.getStatus());
        assertEquals(Collections.singletonList("OPTIONS /shop/api/x [" + APP + "] PUT"), decided());
        assertSame(handler.nextPlan, request.getCoyoteRequest().getAttribute(CorsBridge.PLAN_ATTRIBUTE));
        // the servlet request sees the coyote attributes, as the app and the generic chain hook do
        assertEquals("pre_flight", request.getAttribute("cors.request.type"));
        assertEquals(APP, request.getAttribute("cors.request.origin"));
        assertEquals(Boolean.TRUE, request.getAttribute("cors.isCorsRequest"));
        assertEquals("x-token", request.getAttribute("cors.request.headers"));
        assertSame(handler.nextPlan, request.getAttribute(CorsBridge.PLAN_ATTRIBUTE));
    }

    @Test
    void decidesOnceAndLetsActualRequestsThrough() throws Exception {
        installHandler();
        Class<?> valve = hooked(Class.forName(HookCatalog.TOMCAT_ENTRY.target), TomcatHostValveAdvice.class.getName(),
                Hooks.methods(HookCatalog.TOMCAT_ENTRY));
        handler.nextPlan = plan(0, "Origin", "Access-Control-Allow-Origin", APP);
        Request request = request("GET", "/shop/api/x", APP, null);
        assertTrue(invokeValve(valve, request, response()), "an actual request goes on into the pipeline");
        // an async re-dispatch passes the valve again with the same coyote request
        assertTrue(invokeValve(valve, request, response()));
        assertEquals(1, decided().size());

        handler.nextPlan = null;
        Request untouched = request("GET", "/other", null, null);
        assertTrue(invokeValve(valve, untouched, response()));
        assertEquals(Boolean.FALSE, untouched.getCoyoteRequest().getAttribute(CorsBridge.PLAN_ATTRIBUTE));
        assertNull(untouched.getAttribute("cors.request.type"));
    }

    @Test
    void passesTheContentTypeOn() throws Exception {
        installHandler();
        Class<?> valve = hooked(Class.forName(HookCatalog.TOMCAT_ENTRY.target), TomcatHostValveAdvice.class.getName(),
                Hooks.methods(HookCatalog.TOMCAT_ENTRY));
        handler.nextPlan = plan(0, "Origin", "Access-Control-Allow-Origin", APP);
        Request request = request("POST", "/shop/api/x", APP, null);
        request.getCoyoteRequest().getMimeHeaders().addValue("Content-Type").setString("application/json");
        invokeValve(valve, request, response());
        assertEquals(Collections.singletonList("POST /shop/api/x [" + APP + "] null application/json"), decided());
    }
}
