package dev.corsagent.bridge;

import java.util.Enumeration;

/**
 * Implemented by the agent (system class loader), registered with {@link CorsBridge}. The bridge
 * itself is on the bootstrap class path and cannot see agent classes, hence this interface.
 */
public interface RequestHandler {
    /**
     * Decides one request. Header enumerations are the container's own ({@code getHeaders}); an
     * absent header is an empty enumeration or null. {@code privateNetworkRequest} is the
     * {@code Access-Control-Request-Private-Network} value, null when absent. {@code contentType} is
     * the {@code Content-Type} value ({@code getContentType()}), null when absent; it tells a simple
     * POST from an actual one. Returns null to leave the request untouched.
     *
     * <p>The advice reads only what can matter: without an {@code Origin} it passes null for every
     * header; the three preflight headers only on {@code OPTIONS}, {@code Content-Type} only on
     * {@code POST} (null otherwise). {@code fetchSite}, {@code upgrade}, {@code host} and {@code scheme}
     * serve cross-origin protection and are read only while some policy has it on (see
     * {@link CorsBridge#readsFetchSite}); a request without Origin may then carry a {@code fetchSite}.
     */
    ResponsePlan decide(String method, String path, Enumeration<String> origins,
                        String requestMethod, Enumeration<String> requestHeaders, String privateNetworkRequest,
                        String contentType, String fetchSite, String upgrade, String host, String scheme);

    /** The app set {@code headerName} on a covered path; the agent dropped it. Logged once per path. */
    void appCorsHeaderDropped(String path, String headerName);

    /** Something inside the agent's request path threw. Logged, rate-limited. */
    void failed(String where, Throwable error);
}
