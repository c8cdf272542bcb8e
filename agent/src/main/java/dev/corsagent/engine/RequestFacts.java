package dev.corsagent.engine;

import java.util.Collections;
import java.util.List;

/** What the engine needs to know about a request. Lists hold the header lines as the container gives them. */
public final class RequestFacts {
    private final String method;
    private final String path;
    private final List<String> origins;
    private final String requestMethod;
    private final List<String> requestHeaderLines;
    private final boolean privateNetworkRequested;
    private final String contentType;

    /**
     * @param method             the request method (case-sensitive)
     * @param path               the normalized path, context path included
     * @param origins            every {@code Origin} header line; null or empty when there is none
     * @param requestMethod      {@code Access-Control-Request-Method}, null when absent
     * @param requestHeaderLines every {@code Access-Control-Request-Headers} line; null or empty when absent
     */
    public RequestFacts(String method, String path, List<String> origins, String requestMethod,
                        List<String> requestHeaderLines) {
        this(method, path, origins, requestMethod, requestHeaderLines, false);
    }

    /**
     * As above, plus whether the request carries {@code Access-Control-Request-Private-Network: true}.
     */
    public RequestFacts(String method, String path, List<String> origins, String requestMethod,
                        List<String> requestHeaderLines, boolean privateNetworkRequested) {
        this(method, path, origins, requestMethod, requestHeaderLines, privateNetworkRequested, null);
    }

    /**
     * As above, plus the request's {@code Content-Type} header value, null when absent. A POST is a
     * simple request only with no Content-Type or a CORS-safelisted one (see {@link CorsEngine}).
     */
    public RequestFacts(String method, String path, List<String> origins, String requestMethod,
                        List<String> requestHeaderLines, boolean privateNetworkRequested, String contentType) {
        this.method = method == null ? "" : method;
        this.path = path == null ? "" : path;
        this.origins = origins == null ? Collections.<String>emptyList() : origins;
        this.requestMethod = requestMethod;
        this.requestHeaderLines = requestHeaderLines == null ? Collections.<String>emptyList() : requestHeaderLines;
        this.privateNetworkRequested = privateNetworkRequested;
        this.contentType = contentType;
    }

    /** A request without an {@code Origin} header (no list allocated). */
    public static RequestFacts withoutOrigin(String method, String path) {
        return new RequestFacts(method, path, null, null, null, false, null);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public List<String> origins() {
        return origins;
    }

    public String requestMethod() {
        return requestMethod;
    }

    public List<String> requestHeaderLines() {
        return requestHeaderLines;
    }

    public boolean privateNetworkRequested() {
        return privateNetworkRequested;
    }

    /** The {@code Content-Type} header value as sent, null when absent. */
    public String contentType() {
        return contentType;
    }
}
