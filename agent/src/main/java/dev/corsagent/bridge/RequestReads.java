package dev.corsagent.bridge;

import java.util.Enumeration;

/**
 * The read rule for one request, as a short dialogue with the entry advice: {@link #next()} names
 * the request header to read next, the advice answers with {@link #lines}, and when {@code next()}
 * says null nothing more can change the decision. Which header comes next depends on what was read
 * so far, so the advice of every container reads exactly what matters and nothing else:
 *
 * <ol>
 * <li>{@code Origin}, when the request has one (its lines: two lines are refused by the engine);</li>
 * <li>on {@code OPTIONS} with an Origin, the three preflight headers (Fetch, "CORS-preflight request");</li>
 * <li>on {@code POST} with an Origin, {@code Content-Type} (what keeps a POST simple);</li>
 * <li>while some policy has cross-origin protection on (SPEC rules 7 and 8): on a method that is not
 *     safe, {@code Sec-Fetch-Site}, then {@code Host} when there is an Origin or a Sec-Fetch-Site; on
 *     a GET with an Origin, {@code Upgrade}, then {@code Host} only when there is an Upgrade.</li>
 * </ol>
 *
 * <p>Then {@link #needsServer()} says whether the decision needs the container's server name, port
 * and scheme too: only when the request had no {@code Host} where one was read (HTTP/2 carries
 * {@code :authority}, which containers map to the server name and port), or when it is a WebSocket
 * handshake (its origin is compared with the scheme).
 *
 * <p>A request without Origin, on a method cross-origin protection does not read, gets no instance
 * at all ({@link CorsBridge#reads} returns null): it allocates nothing.
 */
public final class RequestReads {
    // the stages, in the order next() walks them
    private static final int ORIGIN = 0;
    private static final int REQUEST_METHOD = 1;
    private static final int REQUEST_HEADERS = 2;
    private static final int REQUEST_PRIVATE_NETWORK = 3;
    private static final int CONTENT_TYPE = 4;
    private static final int FETCH_SITE = 5;
    private static final int UPGRADE = 6;
    private static final int HOST = 7;
    private static final int DONE = 8;

    private static final String[] NAMES = {
        CorsBridge.ORIGIN, CorsBridge.REQUEST_METHOD, CorsBridge.REQUEST_HEADERS, CorsBridge.REQUEST_PRIVATE_NETWORK,
        CorsBridge.CONTENT_TYPE, CorsBridge.FETCH_SITE, CorsBridge.UPGRADE, CorsBridge.HOST,
    };

    private final String method;
    private final String path;
    private final boolean hasOrigin;
    private final boolean preflight;
    private final boolean post;
    private final boolean guarded;
    private final boolean upgradable;
    /** The stage {@link #next()} last named; {@link #lines} fills it. */
    private int stage = -1;
    private boolean hostRead;

    private Enumeration<String> origins;
    private String requestMethod;
    private Enumeration<String> requestHeaders;
    private String privateNetworkRequest;
    private String contentType;
    private String fetchSite;
    private String upgrade;
    private String host;
    private String scheme;

    RequestReads(String method, String path, boolean hasOrigin, boolean guarded, boolean upgradable) {
        this.method = method;
        this.path = path;
        this.hasOrigin = hasOrigin;
        this.preflight = hasOrigin && CorsBridge.readsPreflightHeaders(method);
        this.post = hasOrigin && CorsBridge.readsContentType(method);
        this.guarded = guarded;
        this.upgradable = hasOrigin && upgradable;
    }

    /** The name of the request header to read next (pass its lines to {@link #lines}); null when done. */
    public String next() {
        while (++stage < DONE) {
            if (wanted(stage)) {
                return NAMES[stage];
            }
        }
        return null;
    }

    private boolean wanted(int at) {
        switch (at) {
            case ORIGIN: return hasOrigin;
            case REQUEST_METHOD:
            case REQUEST_HEADERS:
            case REQUEST_PRIVATE_NETWORK: return preflight;
            case CONTENT_TYPE: return post;
            case FETCH_SITE: return guarded;
            case UPGRADE: return upgradable;
            case HOST: return guarded && (hasOrigin || fetchSite != null) || upgrade != null;
            default: return false;
        }
    }

    /** The lines of the header {@link #next()} named, as the container gives them; null or empty when absent. */
    public void lines(Enumeration<String> lines) {
        if (stage == ORIGIN) {
            origins = lines;
        } else if (stage == REQUEST_HEADERS) {
            requestHeaders = lines;
        } else {
            String first = lines != null && lines.hasMoreElements() ? lines.nextElement() : null;
            switch (stage) {
                case REQUEST_METHOD: requestMethod = first; break;
                case REQUEST_PRIVATE_NETWORK: privateNetworkRequest = first; break;
                case CONTENT_TYPE: contentType = first; break;
                case FETCH_SITE: fetchSite = first; break;
                case UPGRADE: upgrade = first; break;
                case HOST: host = first; hostRead = true; break;
                default: break;
            }
        }
    }

    /** Whether {@link #decide(String, int, String)} needs the server name, port and scheme (see above). */
    public boolean needsServer() {
        return hostRead && host == null || upgrade != null;
    }

    /** The plan, with the container's server name, port and scheme; null to leave the request untouched. */
    public ResponsePlan decide(String serverName, int serverPort, String scheme) {
        this.host = CorsBridge.hostOf(host, serverName, serverPort);
        this.scheme = scheme;
        return decide();
    }

    /** The plan for what was read, or null to leave the request untouched. */
    ResponsePlan decide() {
        return CorsBridge.decide(method, path, origins, requestMethod, requestHeaders, privateNetworkRequest,
                contentType, fetchSite, upgrade, host, upgrade == null ? null : scheme);
    }
}
