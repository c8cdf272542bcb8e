package dev.corsagent.bridge;

import java.util.Collection;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;

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
     * {@code contentType} the {@code Content-Type} value, or null. {@code fetchSite}, {@code upgrade}
     * and {@code host} are the {@code Sec-Fetch-Site}, {@code Upgrade} and {@code Host} values as the
     * read rule asks for them (null otherwise); {@code scheme} is the request's scheme ({@code http},
     * {@code https}), needed with {@code upgrade} only.
     */
    public static ResponsePlan decide(String method, String path, Enumeration<String> origins,
                                      String requestMethod, Enumeration<String> requestHeaders,
                                      String privateNetworkRequest, String contentType,
                                      String fetchSite, String upgrade, String host, String scheme) {
        RequestHandler h = handler;
        if (h == null) {
            return null;
        }
        try {
            return h.decide(method, path, origins, requestMethod, requestHeaders, privateNetworkRequest,
                    contentType, fetchSite, upgrade, host, scheme);
        } catch (Throwable t) {
            failed("decide", t);
            return null;
        }
    }

    /**
     * The plan for a request without an {@code Origin} header ({@code getHeader("Origin") == null}),
     * or null to leave it untouched. The advice reads no other request header then: allocates nothing.
     */
    public static ResponsePlan decideWithoutOrigin(String method, String path) {
        RequestHandler h = handler;
        if (h == null) {
            return null;
        }
        try {
            return h.decide(method, path, null, null, null, null, null, null, null, null, null);
        } catch (Throwable t) {
            failed("decide", t);
            return null;
        }
    }

    /** The request headers the engine reads, as the advice asks the container for them. */
    public static final String ORIGIN = "Origin";
    public static final String REQUEST_METHOD = "Access-Control-Request-Method";
    public static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
    public static final String REQUEST_PRIVATE_NETWORK = "Access-Control-Request-Private-Network";
    public static final String VARY = "Vary";
    public static final String FETCH_SITE = "Sec-Fetch-Site";
    public static final String UPGRADE = "Upgrade";
    public static final String HOST = "Host";
    public static final String CONTENT_TYPE = "Content-Type";

    /**
     * The read rule's dialogue for a request ({@link RequestReads}), or null when there is nothing
     * to read: no Origin, and a method cross-origin protection does not read ({@link #decide(RequestReads,
     * String, String)} then decides it without allocating). {@code hasOrigin}: the request has an
     * {@code Origin} header.
     */
    public static RequestReads reads(String method, String path, boolean hasOrigin) {
        boolean guarded = readsFetchSite(method);
        if (!hasOrigin && !guarded) {
            return null;
        }
        return new RequestReads(method, path, hasOrigin, guarded, readsUpgrade(method));
    }

    /** The first name {@code reads} asks for; null when {@code reads} is null. */
    public static String firstRead(RequestReads reads) {
        return reads == null ? null : reads.next();
    }

    /** Whether {@code reads} (non-null) decides only with the container's server name, port and scheme. */
    public static boolean needsServer(RequestReads reads) {
        return reads != null && reads.needsServer();
    }

    /**
     * The plan for a request once the advice has answered every name {@code reads} asked for
     * ({@code reads} null: a request without Origin); null to leave the request untouched.
     */
    public static ResponsePlan decide(RequestReads reads, String method, String path) {
        return reads == null ? decideWithoutOrigin(method, path) : reads.decide();
    }

    /**
     * The request attributes the entry advice sets, in order: {@link #PLAN_ATTRIBUTE}, then the
     * {@code cors.*} ones ({@link ResponsePlan#ATTRIBUTES}). {@link #attribute} gives each value.
     */
    public static final String[] ATTRIBUTES = {
        PLAN_ATTRIBUTE, ResponsePlan.ATTRIBUTES[0], ResponsePlan.ATTRIBUTES[1], ResponsePlan.ATTRIBUTES[2],
        ResponsePlan.ATTRIBUTES[3],
    };

    /**
     * How many of {@link #ATTRIBUTES} the entry advice sets for a request with this plan: up to the
     * last one with a value (a plan's unset attributes come last: not CORS has no origin, only a
     * preflight has request headers), at least the plan attribute. A null {@link #attribute} below
     * the count would remove that attribute, as {@code setAttribute(name, null)} does.
     */
    public static int attributeCount(ResponsePlan plan) {
        int count = ATTRIBUTES.length;
        while (count > 1 && attribute(plan, count - 1) == null) {
            count--;
        }
        return count;
    }

    /**
     * The value of {@link #ATTRIBUTES}{@code [index]} for a request with this plan, null to set none.
     * The plan attribute is the plan, or {@code FALSE} for a request left alone (null plan), so that
     * no later hook decides the request again.
     */
    public static Object attribute(ResponsePlan plan, int index) {
        if (index == 0) {
            return plan == null ? Boolean.FALSE : plan;
        }
        return plan == null ? null : plan.attribute(index - 1);
    }

    /** Whether some policy has cross-origin protection on; set by the agent at each (re)load. */
    private static volatile boolean protecting;

    public static void protecting(boolean on) {
        protecting = on;
    }

    /*
     * The read rule, the same for every container: Origin first, and only when there is one the
     * headers that can change the decision: the preflight ones on OPTIONS (Fetch "CORS-preflight
     * request"), Content-Type on POST (what makes a POST simple or not). A request without Origin
     * reads nothing else and allocates nothing.
     */

    /** Whether the advice reads the preflight request headers of a request with this method (that has an Origin). */
    public static boolean readsPreflightHeaders(String method) {
        return "OPTIONS".equals(method);
    }

    /*
     * Cross-origin protection (SPEC rules 7, 8) reads three more headers, only while some policy has
     * it on: Sec-Fetch-Site and Host on a method that is not safe, with or without Origin; Upgrade
     * and Host on a GET that has an Origin (a WebSocket handshake). GET, HEAD and OPTIONS without
     * them read nothing more.
     */

    /** Whether the advice reads {@code Sec-Fetch-Site} and {@code Host} of a request with this method. */
    public static boolean readsFetchSite(String method) {
        return protecting && !"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method);
    }

    /** Whether the advice reads {@code Upgrade} and {@code Host} of a request with this method (that has an Origin). */
    public static boolean readsUpgrade(String method) {
        return protecting && "GET".equals(method);
    }

    /**
     * The request's authority for cross-origin protection: its {@code Host} header, or where there is
     * none (HTTP/2 carries {@code :authority}, which containers map to the server name and port)
     * the container's server name and port.
     */
    public static String hostOf(String hostHeader, String serverName, int serverPort) {
        if (hostHeader != null || serverName == null) {
            return hostHeader;
        }
        String name = serverName.indexOf(':') >= 0 && !serverName.startsWith("[") ? "[" + serverName + "]" : serverName;
        return serverPort > 0 ? name + ":" + serverPort : name;
    }

    /** Whether the advice reads the Content-Type of a request with this method (that has an Origin). */
    public static boolean readsContentType(String method) {
        return "POST".equals(method);
    }

    /*
     * The commit rule, the same for every container: on a covered path the app's Access-Control-*
     * headers go, the plan's headers are set (replacing every line of their names), and the plan's
     * Vary tokens are merged into the app's Vary lines, written back as one line.
     */

    /** Whether, at commit, the response header {@code name} the app set is dropped. */
    public static boolean dropsAtCommit(ResponsePlan plan, String name) {
        return plan.ownsCorsHeaders && isCorsHeaderName(name);
    }

    /** Whether {@code name} is {@code Vary} (ASCII case-insensitive). */
    public static boolean isVary(String name) {
        return VARY.equalsIgnoreCase(name);
    }

    /** The header lines seen so far ({@code joined}, null for none) with {@code line} added, as one value. */
    public static String joinLine(String joined, String line) {
        return joined == null ? line : joined + ", " + line;
    }

    /**
     * The one {@code Vary} line to write at commit given the app's {@code Vary} lines joined
     * ({@code existing}, null when none), or null to leave the app's lines as they are.
     */
    public static String varyToWrite(ResponsePlan plan, String existing) {
        return VaryMerge.merge(existing, plan.vary);
    }

    /*
     * What the commit advice writes, in order: the plan's headers, then Vary (the plan's tokens
     * merged into the app's lines) when there is one to write. Each replaces every line of its name.
     */

    /** How many headers the commit advice may write for this plan. */
    public static int writeCount(ResponsePlan plan) {
        return plan.headerNames.length + (plan.vary == null ? 0 : 1);
    }

    /** Whether the {@code index}th header to write is {@code Vary} (for containers that type header names). */
    public static boolean writesVary(ResponsePlan plan, int index) {
        return index >= plan.headerNames.length;
    }

    /** The name of the {@code index}th header to write. */
    public static String writeName(ResponsePlan plan, int index) {
        return index < plan.headerNames.length ? plan.headerNames[index] : VARY;
    }

    /**
     * The value of the {@code index}th header to write, or null to leave that header as the app set
     * it (its Vary lines already hold the plan's tokens). {@code appVary}: the app's Vary lines joined
     * ({@link #joinLine}), null for none.
     */
    public static String writeValue(ResponsePlan plan, int index, String appVary) {
        return index < plan.headerNames.length ? plan.headerValues[index] : varyToWrite(plan, appVary);
    }

    /** {@link #writeName} as ISO-8859-1 bytes (made once per shared plan). */
    public static byte[] writeNameBytes(ResponsePlan plan, int index) {
        return index < plan.headerNames.length ? plan.headerBytes()[2 * index] : VARY_BYTES;
    }

    /** {@link #writeValue} as ISO-8859-1 bytes, for a container that writes header bytes; null as there. */
    public static byte[] writeValueBytes(ResponsePlan plan, int index, String appVary) {
        if (index < plan.headerNames.length) {
            return plan.headerBytes()[2 * index + 1];
        }
        String vary = varyToWrite(plan, appVary);
        // the plan's own tokens (no app Vary, the common case) are the plan's bytes, made once
        return vary == null ? null : vary == plan.vary ? plan.headerBytes()[2 * plan.headerNames.length] : VaryMerge.bytesOf(vary);
    }

    private static final byte[] VARY_BYTES = ResponsePlan.latin1(VARY);

    /**
     * Context path + servlet path + path info as string concatenation writes them, with as few
     * copies as the parts allow (none when only one part is non-empty).
     */
    public static String path(String contextPath, String servletPath, String pathInfo) {
        String context = contextPath == null ? "null" : contextPath;
        String servlet = servletPath == null ? "null" : servletPath;
        String path = context.isEmpty() ? servlet : servlet.isEmpty() ? context : context.concat(servlet);
        return pathInfo == null || pathInfo.isEmpty() ? path : path.concat(pathInfo);
    }

    /**
     * The {@code Access-Control-*} names among {@code names} (a response's header names) that the
     * plan does not write, to be dropped; null when there are none (nothing copied then).
     */
    public static String[] corsHeadersNotInPlan(ResponsePlan plan, Collection<String> names) {
        if (names == null) {
            return null;
        }
        String[] found = null;
        int count = 0;
        for (String name : names) {
            if (isCorsHeaderName(name) && !planWrites(plan, name)) {
                if (found == null) {
                    found = new String[names.size()];
                }
                found[count++] = name;
            }
        }
        if (found == null || count == found.length) {
            return found;
        }
        String[] exact = new String[count];
        System.arraycopy(found, 0, exact, 0, count);
        return exact;
    }

    /** True when {@code values} (a header's lines) is exactly the one line {@code value}. */
    public static boolean isOnly(Collection<String> values, String value) {
        if (values == null || values.size() != 1) {
            return false;
        }
        String only = values instanceof List ? ((List<String>) values).get(0) : values.iterator().next();
        return value.equals(only);
    }

    /** A header's lines joined with ", " (the single line itself when there is one); null when none. */
    public static String joinValues(Collection<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() == 1) {
            return values instanceof List ? ((List<String>) values).get(0) : values.iterator().next();
        }
        StringBuilder joined = new StringBuilder();
        for (Iterator<String> it = values.iterator(); it.hasNext(); ) {
            String value = it.next();
            joined.append(joined.length() == 0 ? "" : ", ").append(value);
        }
        return joined.toString();
    }

    /** True when {@code name} is an {@code Access-Control-*} header (ASCII case-insensitive). */
    public static boolean isCorsHeaderName(String name) {
        return name != null && name.regionMatches(true, 0, "Access-Control-", 0, 15);
    }

    /** True when the plan itself writes {@code name} (ASCII case-insensitive). */
    public static boolean planWrites(ResponsePlan plan, String name) {
        for (String written : plan.headerNames) {
            if (written == name || written.equalsIgnoreCase(name)) {
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
     * Called by the weaver's suppression handler when inlined advice threw (argument order as the
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

    /**
     * {@code path} with its {@code .} and {@code ..} segments resolved (RFC 3986 remove_dot_segments;
     * a {@code ..} above the root is dropped), for containers whose mapped paths keep them (Liberty's
     * servlet-4.0 webcontainer): coverage is decided on the normalised path everywhere. The path
     * itself when it has no dot segment. Null stays null.
     */
    public static String withoutDotSegments(String path) {
        return DotSegments.removed(path);
    }
}
