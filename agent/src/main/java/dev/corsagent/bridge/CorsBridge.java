package dev.corsagent.bridge;

import java.util.Enumeration;

/**
 * The only agent class that inlined advice calls. Appended to the bootstrap class path at install,
 * so it is visible from every class loader, including ones that do not delegate to the system
 * loader. Every method catches everything: the agent must never break a request.
 */
public final class CorsBridge {
    /** Request attribute (container-internal and servlet) under which the plan of a request is kept. */
    public static final String PLAN_ATTRIBUTE = "dev.corsagent.plan";

    private static volatile RequestHandler handler;

    private CorsBridge() {
    }

    public static void install(RequestHandler newHandler) {
        handler = newHandler;
    }

    /**
     * The plan for a request, or null to leave it untouched (agent not ready, off, or failed).
     * {@code privateNetworkRequest} is the {@code Access-Control-Request-Private-Network} value, or null;
     * {@code contentType} the {@code Content-Type} value, or null.
     */
    public static ResponsePlan decide(String method, String path, Enumeration<String> origins,
                                      String requestMethod, Enumeration<String> requestHeaders,
                                      String privateNetworkRequest, String contentType) {
        RequestHandler h = handler;
        if (h == null) {
            return null;
        }
        try {
            return h.decide(method, path, origins, requestMethod, requestHeaders, privateNetworkRequest,
                    contentType);
        } catch (Throwable t) {
            failed("decide", t);
            return null;
        }
    }

    /** True when {@code name} is an {@code Access-Control-*} header (ASCII case-insensitive). */
    public static boolean isCorsHeaderName(String name) {
        return name != null && name.regionMatches(true, 0, "Access-Control-", 0, 15);
    }

    /** True when the plan itself writes {@code name} (ASCII case-insensitive). */
    public static boolean planWrites(ResponsePlan plan, String name) {
        for (String written : plan.headerNames) {
            if (written.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    public static void appCorsHeaderDropped(String path, String headerName) {
        RequestHandler h = handler;
        if (h == null) {
            return;
        }
        try {
            h.appCorsHeaderDropped(path, headerName);
        } catch (Throwable t) {
            // nothing sensible left to do; never throw into the app
        }
    }

    /**
     * Merges the plan's Vary tokens into the app's Vary value. Returns the value to set, or null
     * when the existing value already says it all. {@code existing} may be null.
     */
    public static String mergeVary(String existing, String tokens) {
        if (tokens == null) {
            return null;
        }
        if (existing == null || existing.trim().isEmpty()) {
            return tokens;
        }
        if (existing.trim().equals("*")) {
            return null;
        }
        StringBuilder merged = new StringBuilder(existing.trim());
        boolean changed = false;
        int start = 0;
        while (start < tokens.length()) {
            int comma = tokens.indexOf(',', start);
            int end = comma < 0 ? tokens.length() : comma;
            String token = tokens.substring(start, end).trim();
            if (!token.isEmpty() && !containsToken(existing, token)) {
                merged.append(", ").append(token);
                changed = true;
            }
            start = end + 1;
        }
        return changed ? merged.toString() : null;
    }

    private static boolean containsToken(String list, String token) {
        int start = 0;
        while (start <= list.length()) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? list.length() : comma;
            if (list.substring(start, end).trim().equalsIgnoreCase(token)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /**
     * Called by Byte Buddy's suppression handler when inlined advice threw (argument order as the
     * handler finds them on the stack). The request goes on as if the agent were absent.
     */
    public static void adviceFailed(Throwable error, String advice) {
        failed(advice, error);
    }

    public static void failed(String where, Throwable error) {
        RequestHandler h = handler;
        if (h == null) {
            return;
        }
        try {
            h.failed(where, error);
        } catch (Throwable ignored) {
            // logging failed too; the request goes on regardless
        }
    }
}
