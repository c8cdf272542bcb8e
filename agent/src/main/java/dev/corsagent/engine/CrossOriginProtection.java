package dev.corsagent.engine;

import dev.corsagent.config.HostSyntax;

/**
 * SPEC rules 7 and 8: which requests cross-origin protection refuses. CORS decides what a page may
 * read; it does not stop a browser from sending a cross-site form POST with the user's cookies,
 * BASIC credentials or client certificate, and browsers apply no CORS at all to WebSocket
 * handshakes. The rule is the one Go 1.25's {@code net/http.CrossOriginProtection} applies, using
 * Fetch Metadata (W3C "Fetch Metadata Request Headers", {@code Sec-Fetch-Site}) where the browser
 * sends it and the {@code Origin}/{@code Host} comparison where it does not, with the policy's
 * allowed origins as the trusted ones. Pure: no allocation on the paths that pass.
 */
final class CrossOriginProtection {
    /** Why a request is refused. */
    enum Refusal {
        /** Rule 7: Sec-Fetch-Site says cross-site or same-site, and the origin is not trusted. */
        CROSS_SITE("Sec-Fetch-Site is %s and the origin is not in allowed-origins"),
        /** Rule 7 for browsers without Fetch Metadata: Origin is not the request's Host, nor trusted. */
        FOREIGN_ORIGIN("the Origin is not this server's (Host %s) and not in allowed-origins"),
        /** Rule 8: a WebSocket handshake from an origin that is neither the request's own nor trusted. */
        WEBSOCKET_FOREIGN_ORIGIN("a WebSocket handshake whose Origin is not this server's (%s) and not in"
                + " allowed-origins"),
        /** Rule 8: a WebSocket handshake with a null, malformed or repeated Origin. */
        WEBSOCKET_INVALID_ORIGIN("a WebSocket handshake with a null, malformed or repeated Origin");

        private final String rule;

        Refusal(String rule) {
            this.rule = rule;
        }

        /** The rule sentence, with the fact it names ({@code Sec-Fetch-Site}, Host or own origin). */
        String rule(String fetchSite, String host, String scheme) {
            switch (this) {
                case CROSS_SITE: return String.format(rule, Decision.printable(fetchSite));
                case FOREIGN_ORIGIN: return String.format(rule, Decision.printable(host));
                case WEBSOCKET_FOREIGN_ORIGIN:
                    return String.format(rule, Decision.printable(scheme) + "://" + Decision.printable(host));
                default: return rule;
            }
        }
    }

    private CrossOriginProtection() {
    }

    /**
     * The refusal for a request to a path of {@code policy}, or null when it passes.
     *
     * @param origin        the first Origin line, null when there is none
     * @param severalOrigins whether more than one Origin line came
     * @param fetchSite     {@code Sec-Fetch-Site}, null when absent
     * @param upgrade       {@code Upgrade}, null when absent (read on GET)
     * @param host          {@code Host} (the request's authority), null when absent
     * @param scheme        the request's scheme as the container sees it ({@code http} or {@code https})
     */
    static Refusal check(CompiledPolicy policy, String method, String origin, boolean severalOrigins,
                         String fetchSite, String upgrade, String host, String scheme) {
        if ("GET".equals(method)) {
            return isWebSocket(upgrade) ? webSocket(policy, origin, severalOrigins, host, scheme) : null;
        }
        if ("HEAD".equals(method) || "OPTIONS".equals(method)) {
            return null; // safe methods (RFC 9110 §9.2.1); a state change on GET is not covered (README)
        }
        // Fetch Metadata: the browser itself says how the request's initiator relates to its target
        if (fetchSite != null && !HeaderTokens.isBlank(fetchSite)) {
            if (HeaderTokens.isOnly(fetchSite, "same-origin") || HeaderTokens.isOnly(fetchSite, "none")) {
                return null; // "none": typed in the address bar, a bookmark: the user's own navigation
            }
            return trusted(policy, origin, severalOrigins) ? null : Refusal.CROSS_SITE;
        }
        if (origin == null && !severalOrigins) {
            return null; // no Fetch Metadata and no Origin: not a browser, or one too old to send either
        }
        SerializedOrigin parsed = severalOrigins ? null : SerializedOrigin.parse(origin);
        if (parsed != null && !parsed.isNull() && sameAuthority(parsed, host)) {
            return null;
        }
        return trusted(policy, parsed) ? null : Refusal.FOREIGN_ORIGIN;
    }

    /** Rule 8: only the request's own origin (scheme included) and the trusted ones may open a socket. */
    private static Refusal webSocket(CompiledPolicy policy, String origin, boolean severalOrigins, String host,
                                     String scheme) {
        if (origin == null && !severalOrigins) {
            return null; // not a browser: a browser always sends Origin on a WebSocket handshake
        }
        SerializedOrigin parsed = severalOrigins ? null : SerializedOrigin.parse(origin);
        if (parsed == null || parsed.isNull()) {
            return Refusal.WEBSOCKET_INVALID_ORIGIN;
        }
        // ws is served on http, wss on https: the page's scheme is the one the container sees
        if (parsed.scheme().equalsIgnoreCase(scheme) && sameAuthority(parsed, host)) {
            return null;
        }
        return trusted(policy, parsed) ? null : Refusal.WEBSOCKET_FOREIGN_ORIGIN;
    }

    private static boolean trusted(CompiledPolicy policy, String origin, boolean severalOrigins) {
        if (severalOrigins || origin == null) {
            return false;
        }
        // an exact origin the policy lists is well-formed as received: found without parsing
        return policy.listsExactly(origin) || trusted(policy, SerializedOrigin.parse(origin));
    }

    /** An origin the policy allows by name or pattern; {@code *} and {@code null} trust no one. */
    private static boolean trusted(CompiledPolicy policy, SerializedOrigin origin) {
        return origin != null && !origin.isNull() && policy.trustsForProtection(origin);
    }

    /** Whether {@code Upgrade} names the {@code websocket} protocol (RFC 6455 §4.2.1; case-insensitive, a list). */
    static boolean isWebSocket(String upgrade) {
        return upgrade != null && HeaderTokens.contains(upgrade, "websocket");
    }

    /**
     * Whether {@code host} (a Host header: {@code name[:port]}, IPv6 in brackets) names the origin's
     * host and port, a missing port on either side being the scheme's default. Compared in place.
     */
    static boolean sameAuthority(SerializedOrigin origin, String host) {
        if (host == null) {
            return false;
        }
        int start = 0;
        int end = host.length();
        while (start < end && host.charAt(start) <= ' ') start++;
        while (end > start && host.charAt(end - 1) <= ' ') end--;
        int nameEnd;
        if (start < end && host.charAt(start) == '[') {
            int close = host.indexOf(']', start);
            if (close < 0 || close >= end) {
                return false;
            }
            nameEnd = close + 1;
        } else {
            int colon = host.lastIndexOf(':', end - 1);
            nameEnd = colon < start ? end : colon;
        }
        int defaultPort = HostSyntax.defaultPort(origin.scheme());
        int port;
        if (nameEnd == end) {
            port = defaultPort;
        } else {
            if (host.charAt(nameEnd) != ':' || nameEnd + 1 == end || end - nameEnd > 6) {
                return false;
            }
            port = 0;
            for (int i = nameEnd + 1; i < end; i++) {
                char c = host.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
                port = port * 10 + (c - '0');
            }
        }
        int originPort = origin.port() < 0 ? defaultPort : origin.port();
        String name = origin.host();
        return port == originPort && nameEnd - start == name.length()
                && host.regionMatches(true, start, name, 0, name.length());
    }
}
