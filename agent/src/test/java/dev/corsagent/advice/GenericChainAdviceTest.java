package dev.corsagent.advice;

import dev.corsagent.hooks.Hooks;
import dev.corsagent.hooks.WeaveForTest;

import dev.corsagent.hooks.HookCatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.FilterChain;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import net.bytebuddy.dynamic.loading.ByteArrayClassLoader;

import dev.corsagent.bridge.CorsBridge;
import dev.corsagent.bridge.RecordingHandler;
import dev.corsagent.bridge.ResponsePlan;

/** The generic (javax) filter chain advice inlined into a chain class, with hand-made request and response. */
class GenericChainAdviceTest {
    private static final String APP = "https://app.example.com";
    private static final String BODY = "test.chain.body";
    private RecordingHandler handler;

    /** What the container's chain would run: the filters and the servlet. */
    public interface Body {
        void run(FilterChain chain, ServletRequest request, ServletResponse response) throws Exception;
    }

    public static class TestChain implements FilterChain {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response) {
            Body body = (Body) request.getAttribute(BODY);
            request.setAttribute(BODY, null);
            try {
                if (body != null) {
                    body.run(this, request, response);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @AfterEach
    void uninstall() {
        CorsBridge.install(null);
        if (handler != null) {
            assertEquals(Collections.emptyList(), handler.failures, "no advice may fail: " + handler.errors);
        }
    }

    /** {@code method path [contentType]} of each decision asked for. */
    private List<String> decided() {
        List<String> lines = new ArrayList<String>();
        for (RecordingHandler.Request r : handler.decided) {
            lines.add(r.method + " " + r.path + (r.contentType == null ? "" : " " + r.contentType));
        }
        return lines;
    }

    private FilterChain hookedChain() throws Exception {
        handler = RecordingHandler.installed();
        byte[] bytes = WeaveForTest.weave(TestChain.class, JavaxFilterChainAdvice.class.getName(),
                Hooks.methods(HookCatalog.JAVAX_CHAIN));
        ClassLoader loader = new ByteArrayClassLoader.ChildFirst(TestChain.class.getClassLoader(),
                Collections.singletonMap(TestChain.class.getName(), bytes));
        return (FilterChain) Class.forName(TestChain.class.getName(), true, loader).getConstructor().newInstance();
    }

    /** A request: attributes, headers, method and path; everything else unused. */
    private static HttpServletRequest request(final String method, final Map<String, List<String>> headers,
                                              final Body body) {
        return request(method, headers, body, new ArrayList<String>());
    }

    /** As above, recording in {@code headerReads} every request header the advice reads. */
    private static HttpServletRequest request(final String method, final Map<String, List<String>> headers,
                                              final Body body, final List<String> headerReads) {
        final Map<String, Object> attributes = new HashMap<String, Object>();
        attributes.put(BODY, body);
        return (HttpServletRequest) Proxy.newProxyInstance(GenericChainAdviceTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, new InvocationHandler() {
                    @Override
                    public Object invoke(Object proxy, Method m, Object[] args) {
                        String name = m.getName();
                        if (name.equals("getAttribute")) return attributes.get(args[0]);
                        if (name.equals("setAttribute")) return attributes.put((String) args[0], args[1]);
                        if (name.equals("getMethod")) return method;
                        if (name.equals("getContextPath")) return "/shop";
                        if (name.equals("getServletPath")) return "/api";
                        if (name.equals("getPathInfo")) return "/items";
                        if (name.startsWith("getHeader") || name.equals("getContentType")) {
                            headerReads.add(name + (args == null ? "" : " " + args[0]));
                        }
                        List<String> values = headers.get(args == null ? null : args[0]);
                        if (name.equals("getHeader")) return values == null ? null : values.get(0);
                        if (name.equals("getContentType")) {
                            List<String> contentType = headers.get("Content-Type");
                            return contentType == null ? null : contentType.get(0);
                        }
                        if (name.equals("getHeaders")) {
                            return Collections.enumeration(values == null ? Collections.<String>emptyList() : values);
                        }
                        throw new UnsupportedOperationException(name);
                    }
                });
    }

    /** A response keeping header lines in order; setHeader(name, null) removes, as in Servlet 6. */
    static final class FakeResponse implements InvocationHandler {
        final Map<String, List<String>> headers = new LinkedHashMap<String, List<String>>();
        int status = 200;
        boolean committed;
        int writes;

        HttpServletResponse proxy() {
            return (HttpServletResponse) Proxy.newProxyInstance(GenericChainAdviceTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, this);
        }

        private String key(String name) {
            for (String existing : headers.keySet()) {
                if (existing.equalsIgnoreCase(name)) return existing;
            }
            return name;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) {
            String name = m.getName();
            if (name.equals("setHeader")) {
                writes++;
                headers.remove(key((String) args[0]));
                if (args[1] != null) headers.put((String) args[0], new ArrayList<String>(Arrays.asList((String) args[1])));
                return null;
            }
            if (name.equals("addHeader")) {
                String k = key((String) args[0]);
                if (!headers.containsKey(k)) headers.put(k, new ArrayList<String>());
                headers.get(k).add((String) args[1]);
                return null;
            }
            if (name.equals("getHeaders")) {
                List<String> values = headers.get(key((String) args[0]));
                return values == null ? new ArrayList<String>() : new ArrayList<String>(values);
            }
            if (name.equals("getHeader")) {
                List<String> values = headers.get(key((String) args[0]));
                return values == null ? null : values.get(0);
            }
            if (name.equals("getHeaderNames")) return new ArrayList<String>(headers.keySet());
            if (name.equals("setStatus")) { status = (Integer) args[0]; return null; }
            if (name.equals("isCommitted")) return committed;
            if (name.equals("reset")) { headers.clear(); status = 200; return null; }
            throw new UnsupportedOperationException(name);
        }
    }

    private static Map<String, List<String>> origin(String origin) {
        Map<String, List<String>> headers = new HashMap<String, List<String>>();
        headers.put("Origin", Collections.singletonList(origin));
        return headers;
    }

    private static ResponsePlan actualPlan() {
        return new ResponsePlan(0, new String[] {"Access-Control-Allow-Origin"}, new String[] {APP}, "Origin", true,
                Boolean.TRUE, APP, "simple", null);
    }

    @Test
    void theOutermostChainDecidesOnceAndOwnsTheCorsHeaders() throws Exception {
        FilterChain chain = hookedChain();
        handler.nextPlan = actualPlan();
        FakeResponse response = new FakeResponse();
        final HttpServletRequest request = request("GET", origin(APP), new Body() {
            @Override
            public void run(FilterChain inner, ServletRequest rq, ServletResponse rs) throws Exception {
                HttpServletResponse http = (HttpServletResponse) rs;
                http.setHeader("Access-Control-Allow-Origin", "*");
                http.setHeader("Access-Control-Allow-Credentials", "true");
                http.addHeader("Vary", "Accept-Encoding");
                rq.setAttribute(BODY, null);
                inner.doFilter(rq, rs); // an inner chain (e.g. a framework's) passes through untouched
            }
        });
        chain.doFilter(request, response.proxy());

        assertEquals(Collections.singletonList("GET /shop/api/items"), decided());
        assertEquals(Arrays.asList(APP), response.headers.get("Access-Control-Allow-Origin"));
        assertNull(response.headers.get("Access-Control-Allow-Credentials"));
        assertEquals(Arrays.asList("Origin, Accept-Encoding"), response.headers.get("Vary"));
        assertEquals(Collections.singletonList("/shop/api/items Access-Control-Allow-Credentials"), handler.dropped);
        assertEquals("simple", request.getAttribute("cors.request.type"));
        assertEquals(APP, request.getAttribute("cors.request.origin"));
    }

    @Test
    void aPreflightIsAnsweredWithoutRunningTheChain() throws Exception {
        FilterChain chain = hookedChain();
        handler.nextPlan = new ResponsePlan(204, new String[] {"Access-Control-Allow-Origin", "Access-Control-Allow-Methods"},
                new String[] {APP, "GET, PUT"}, "Origin, Access-Control-Request-Method", true, Boolean.TRUE, APP,
                "pre_flight", "");
        FakeResponse response = new FakeResponse();
        final boolean[] ran = {false};
        chain.doFilter(request("OPTIONS", origin(APP), new Body() {
            @Override
            public void run(FilterChain inner, ServletRequest rq, ServletResponse rs) {
                ran[0] = true;
            }
        }), response.proxy());
        assertFalse(ran[0], "filters and servlet never see the preflight");
        assertEquals(204, response.status);
        assertEquals(Arrays.asList("GET, PUT"), response.headers.get("Access-Control-Allow-Methods"));
    }

    @Test
    void headersComeBackAfterTheAppResetTheResponse() throws Exception {
        FilterChain chain = hookedChain();
        handler.nextPlan = actualPlan();
        FakeResponse response = new FakeResponse();
        chain.doFilter(request("GET", origin(APP), new Body() {
            @Override
            public void run(FilterChain inner, ServletRequest rq, ServletResponse rs) {
                rs.reset();
            }
        }), response.proxy());
        assertEquals(Arrays.asList(APP), response.headers.get("Access-Control-Allow-Origin"));
        assertEquals(Arrays.asList("Origin"), response.headers.get("Vary"));
    }

    @Test
    void withoutAPlanTheRequestIsMarkedAndLeftAlone() throws Exception {
        FilterChain chain = hookedChain();
        handler.nextPlan = null;
        FakeResponse response = new FakeResponse();
        HttpServletRequest request = request("GET", origin(APP), new Body() {
            @Override
            public void run(FilterChain inner, ServletRequest rq, ServletResponse rs) {
                ((HttpServletResponse) rs).setHeader("Access-Control-Allow-Origin", "*");
            }
        });
        chain.doFilter(request, response.proxy());
        assertEquals(Boolean.FALSE, request.getAttribute(CorsBridge.PLAN_ATTRIBUTE));
        assertEquals(Arrays.asList("*"), response.headers.get("Access-Control-Allow-Origin"));
        assertTrue(handler.dropped.isEmpty());
    }

    @Test
    void passesTheContentTypeOn() throws Exception {
        FilterChain chain = hookedChain();
        handler.nextPlan = actualPlan();
        Map<String, List<String>> headers = origin(APP);
        headers.put("Content-Type", Collections.singletonList("application/json; charset=UTF-8"));
        chain.doFilter(request("POST", headers, new Body() {
            @Override
            public void run(FilterChain inner, ServletRequest rq, ServletResponse rs) {
            }
        }), new FakeResponse().proxy());
        assertEquals(Collections.singletonList("POST /shop/api/items application/json; charset=UTF-8"), decided());
    }

    @Test
    void withoutOriginNoOtherRequestHeaderIsRead() throws Exception {
        FilterChain chain = hookedChain();
        handler.nextPlan = new ResponsePlan(0, null, null, "Origin", true, Boolean.FALSE, null, "not_cors", null);
        List<String> reads = new ArrayList<String>();
        Map<String, List<String>> headers = new HashMap<String, List<String>>();
        headers.put("Access-Control-Request-Method", Collections.singletonList("PUT"));
        headers.put("Content-Type", Collections.singletonList("application/json"));
        FakeResponse response = new FakeResponse();
        chain.doFilter(request("POST", headers, new Body() {
            @Override
            public void run(FilterChain inner, ServletRequest rq, ServletResponse rs) {
            }
        }, reads), response.proxy());
        assertEquals(Collections.singletonList("getHeader Origin"), reads);
        assertEquals(Collections.singletonList("POST /shop/api/items"), decided(), "decided without Content-Type");
        assertEquals(Arrays.asList("Origin"), response.headers.get("Vary"));
    }

    @Test
    void severalOriginLinesAreAllPassedOn() throws Exception {
        FilterChain chain = hookedChain();
        Map<String, List<String>> headers = new HashMap<String, List<String>>();
        headers.put("Origin", Arrays.asList(APP, "https://evil.example"));
        chain.doFilter(request("GET", headers, new Body() {
            @Override
            public void run(FilterChain inner, ServletRequest rq, ServletResponse rs) {
            }
        }), new FakeResponse().proxy());
        assertEquals(Arrays.asList(APP, "https://evil.example"), handler.decided.get(0).origins);
    }

    @Test
    void aSecondLineOfAHeaderThePlanWritesIsReplacedAtExit() throws Exception {
        FilterChain chain = hookedChain();
        handler.nextPlan = actualPlan();
        FakeResponse response = new FakeResponse();
        chain.doFilter(request("GET", origin(APP), new Body() {
            @Override
            public void run(FilterChain inner, ServletRequest rq, ServletResponse rs) {
                ((HttpServletResponse) rs).addHeader("Access-Control-Allow-Origin", "*");
                ((HttpServletResponse) rs).addHeader("Vary", "Origin");
            }
        }), response.proxy());
        assertEquals(Arrays.asList(APP), response.headers.get("Access-Control-Allow-Origin"));
        assertEquals(Arrays.asList("Origin, Origin"), response.headers.get("Vary"), "one Vary line, as before");
        assertTrue(handler.dropped.isEmpty(), "a header the plan writes is rewritten, not reported");
    }

    @Test
    void anUntouchedResponseIsNotWrittenAgainAtExit() throws Exception {
        FilterChain chain = hookedChain();
        handler.nextPlan = actualPlan();
        final FakeResponse response = new FakeResponse();
        final int[] writesBeforeExit = {0};
        chain.doFilter(request("GET", origin(APP), new Body() {
            @Override
            public void run(FilterChain inner, ServletRequest rq, ServletResponse rs) {
                writesBeforeExit[0] = response.writes;
            }
        }), response.proxy());
        assertEquals(writesBeforeExit[0], response.writes, "nothing rewritten at exit");
        assertEquals(Arrays.asList(APP), response.headers.get("Access-Control-Allow-Origin"));
        assertEquals(Arrays.asList("Origin"), response.headers.get("Vary"));
    }

    @Test
    void anActualRequestReadsNoPreflightHeaderAndContentTypeOnlyOnPost() throws Exception {
        FilterChain chain = hookedChain();
        handler.nextPlan = actualPlan();
        Map<String, List<String>> headers = origin(APP);
        headers.put("Access-Control-Request-Method", Collections.singletonList("PUT"));
        headers.put("Content-Type", Collections.singletonList("application/json"));
        for (String method : Arrays.asList("GET", "PUT", "POST", "OPTIONS")) {
            List<String> reads = new ArrayList<String>();
            chain.doFilter(request(method, headers, new Body() {
                @Override
                public void run(FilterChain inner, ServletRequest rq, ServletResponse rs) {
                }
            }, reads), new FakeResponse().proxy());
            List<String> expected = new ArrayList<String>(Arrays.asList("getHeader Origin", "getHeaders Origin"));
            if (method.equals("OPTIONS")) {
                expected.addAll(Arrays.asList("getHeaders Access-Control-Request-Method",
                        "getHeaders Access-Control-Request-Headers",
                        "getHeaders Access-Control-Request-Private-Network"));
            }
            if (method.equals("POST")) {
                expected.add("getHeaders Content-Type");
            }
            assertEquals(expected, reads, method);
        }
        assertEquals(Arrays.asList("GET /shop/api/items", "PUT /shop/api/items",
                "POST /shop/api/items application/json", "OPTIONS /shop/api/items"), decided());
    }
}
