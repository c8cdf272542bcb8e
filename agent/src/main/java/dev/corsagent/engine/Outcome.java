package dev.corsagent.engine;

/** What the engine decided for a request. */
public enum Outcome {
    /** A cross-origin request granted: a preflight answered with its grant, or an actual request given ACAO. */
    ALLOWED,
    /** A cross-origin request not granted: a preflight answered 403, or a response without Access-Control-* headers. */
    DENIED,
    /** Nothing to grant: no Origin header, or no policy covers the path. */
    PASS_THROUGH
}
