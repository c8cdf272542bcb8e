package dev.corsagent.engine;

/** The request types of Tomcat's {@code CorsFilter}, set as the {@code cors.request.type} attribute. */
public enum RequestType {
    /** A cross-origin GET, HEAD or POST (the CORS-safelisted methods). */
    SIMPLE,
    /** A cross-origin request with any other method. */
    ACTUAL,
    /** OPTIONS with Origin and a non-empty Access-Control-Request-Method. */
    PRE_FLIGHT,
    /** No Origin header. */
    NOT_CORS,
    /** Origin headers that are not exactly one well-formed serialized origin, or an empty Access-Control-Request-Method. */
    INVALID_CORS;

    private final String attributeValue = name().toLowerCase(java.util.Locale.ROOT);

    /** Tomcat's spelling of the {@code cors.request.type} attribute: {@code pre_flight}. */
    public String attributeValue() {
        return attributeValue;
    }
}
