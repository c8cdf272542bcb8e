package dev.corsagent.bench;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * The smallest request and response both sides of the comparison need, used identically by the
 * agent's advice and by Tomcat's CorsFilter: header maps, attributes, status. Every method neither
 * side calls goes to a proxy that throws, so a forgotten method shows up at once instead of
 * returning a silent default.
 */
final class MinimalHttp {
    private MinimalHttp() {
    }

    private static <T> T unsupported(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(MinimalHttp.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException("minimal " + type.getSimpleName() + "."
                            + method.getName());
                }));
    }

    static final class Request extends HttpServletRequestWrapper {
        private final String method;
        private final String contextPath;
        private final String servletPath;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final Map<String, Object> attributes = new HashMap<>();

        Request(String method, String contextPath, String servletPath) {
            super(unsupported(HttpServletRequest.class));
            this.method = method;
            this.contextPath = contextPath;
            this.servletPath = servletPath;
        }

        Request header(String name, String value) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        /** Forgets what the previous invocation set, without allocating. */
        void startOver() {
            attributes.clear();
        }

        @Override
        public String getMethod() {
            return method;
        }

        @Override
        public String getHeader(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            List<String> values = headers.get(name);
            return values == null ? Collections.emptyEnumeration() : Collections.enumeration(values);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(headers.keySet());
        }

        @Override
        public String getContentType() {
            return getHeader("Content-Type");
        }

        @Override
        public String getContextPath() {
            return contextPath;
        }

        @Override
        public String getServletPath() {
            return servletPath;
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public String getRequestURI() {
            return contextPath + servletPath;
        }

        @Override
        public String getScheme() {
            return "http";
        }

        @Override
        public String getServerName() {
            return "localhost";
        }

        @Override
        public int getServerPort() {
            return 8080;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }
    }

    static final class Response extends HttpServletResponseWrapper {
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private int status = 200;
        private String contentType;

        Response() {
            super(unsupported(HttpServletResponse.class));
        }

        /** A fresh response for the next invocation. */
        void startOver() {
            headers.clear();
            status = 200;
            contentType = null;
        }

        @Override
        public void setHeader(String name, String value) {
            if (value == null) {
                headers.remove(name);
                return;
            }
            List<String> values = new ArrayList<>(1);
            values.add(value);
            headers.put(name, values);
        }

        @Override
        public void addHeader(String name, String value) {
            headers.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
        }

        @Override
        public boolean containsHeader(String name) {
            return headers.containsKey(name);
        }

        @Override
        public String getHeader(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        @Override
        public Collection<String> getHeaders(String name) {
            List<String> values = headers.get(name);
            return values == null ? Collections.emptyList() : values;
        }

        @Override
        public Collection<String> getHeaderNames() {
            return headers.keySet();
        }

        @Override
        public void setStatus(int status) {
            this.status = status;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void setContentType(String type) {
            contentType = type;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public void resetBuffer() {
            // no body is ever written
        }

        @Override
        public boolean isCommitted() {
            return false;
        }

        Map<String, List<String>> headers() {
            return headers;
        }
    }
}
