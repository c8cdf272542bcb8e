package dev.corsagent.bridge;

/**
 * What the agent does to one request and its response, in terms any container can apply.
 *
 * <p>Lives in the bridge package, which is appended to the bootstrap class path, so that advice
 * inlined into container classes of any class loader can read it. Pure JDK types only. Instances
 * are immutable; the engine shares constant plans between requests where it can.
 */
public final class ResponsePlan {
    private static final String[] NONE = new String[0];

    /** 0: hand the request on to the app. Otherwise answer it now with this status (a preflight). */
    public final int answerStatus;
    /** Headers to write when the response is committed, as parallel name/value arrays. */
    public final String[] headerNames;
    public final String[] headerValues;
    /** Comma-separated tokens to merge into the response's {@code Vary}; null for none. */
    public final String vary;
    /** The path is covered by a policy: {@code Access-Control-*} headers set by the app are dropped. */
    public final boolean ownsCorsHeaders;
    /** Tomcat {@code CorsFilter}-compatible request attributes; null {@link #requestType} sets none. */
    public final Boolean isCorsRequest;
    public final String origin;
    public final String requestType;
    public final String requestHeaders;

    /**
     * The Tomcat {@code CorsFilter}-compatible request attributes, in the order the advice sets them:
     * {@code attribute(i)} is the value of {@code ATTRIBUTES[i]}, null for one this plan does not set.
     */
    public static final String[] ATTRIBUTES = {
        "cors.isCorsRequest", "cors.request.type", "cors.request.origin", "cors.request.headers",
    };

    /** The value of {@link #ATTRIBUTES}{@code [index]} for this request, or null to set none. */
    public Object attribute(int index) {
        if (requestType == null) {
            return null; // a path no policy covers: no cors.* attributes at all
        }
        switch (index) {
            case 0: return isCorsRequest;
            case 1: return requestType;
            case 2: return origin;
            case 3: return requestHeaders;
            default: return null;
        }
    }

    /**
     * {@link #headerNames} and {@link #headerValues} as ISO-8859-1 bytes, for containers that write
     * header bytes (Tomcat): made at first use, then shared by every response of a shared plan.
     * Immutable once published; a race makes the same arrays twice.
     */
    private volatile byte[][] headerBytes;

    /**
     * The bytes of header {@code index}: its name at {@code 2 * index}, its value at {@code 2 * index + 1};
     * last, {@link #vary}'s tokens (null when none).
     */
    byte[][] headerBytes() {
        byte[][] bytes = headerBytes;
        if (bytes == null) {
            bytes = new byte[2 * headerNames.length + 1][];
            for (int h = 0; h < headerNames.length; h++) {
                bytes[2 * h] = latin1(headerNames[h]);
                bytes[2 * h + 1] = latin1(headerValues[h]);
            }
            bytes[2 * headerNames.length] = vary == null ? null : latin1(vary);
            headerBytes = bytes;
        }
        return bytes;
    }

    /** How header text goes on the wire (RFC 9110 §5.5: obs-text aside, US-ASCII). */
    static byte[] latin1(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    public ResponsePlan(int answerStatus, String[] headerNames, String[] headerValues, String vary,
                        boolean ownsCorsHeaders, Boolean isCorsRequest, String origin,
                        String requestType, String requestHeaders) {
        if (headerNames == null) headerNames = NONE;
        if (headerValues == null) headerValues = NONE;
        if (headerNames.length != headerValues.length) {
            throw new IllegalArgumentException("header names and values differ in length");
        }
        this.answerStatus = answerStatus;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
        this.vary = vary;
        this.ownsCorsHeaders = ownsCorsHeaders;
        this.isCorsRequest = isCorsRequest;
        this.origin = origin;
        this.requestType = requestType;
        this.requestHeaders = requestHeaders;
    }
}
