package dev.corsagent.engine;

import dev.corsagent.config.HostSyntax;

/**
 * A request {@code Origin} value parsed strictly: exactly what a browser serializes (lower-case
 * scheme and host, no default port, no path, slash, userinfo, query or fragment, printable ASCII,
 * bounded length), or the opaque {@code null}. Anything else is not granted.
 */
public final class SerializedOrigin {
    static final SerializedOrigin NULL = new SerializedOrigin("null", null, null, -1);

    private final String text;
    private final String scheme;
    private final String host;
    private final int port;

    private SerializedOrigin(String text, String scheme, String host, int port) {
        this.text = text;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
    }

    /** The origin, or null when {@code value} is not a well-formed serialized origin. */
    public static SerializedOrigin parse(String value) {
        if (value == null || value.isEmpty() || value.length() > HostSyntax.MAX_ORIGIN_LENGTH) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return null;
            }
        }
        if (value.equals("null")) {
            return NULL;
        }
        int separator = value.indexOf("://");
        if (separator <= 0) {
            return null;
        }
        String scheme = value.substring(0, separator);
        if (!HostSyntax.isLowerCaseScheme(scheme)) {
            return null;
        }
        String rest = value.substring(separator + 3);
        String host;
        String afterHost;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                return null;
            }
            String inside = rest.substring(1, close);
            if (!inside.equals(HostSyntax.canonicalIpv6(inside))) {
                return null;
            }
            host = rest.substring(0, close + 1);
            afterHost = rest.substring(close + 1);
        } else {
            int colon = rest.indexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            afterHost = colon < 0 ? "" : rest.substring(colon);
            if (HostSyntax.checkLowerCaseHost(host) != null) {
                return null;
            }
        }
        int port = -1;
        if (!afterHost.isEmpty()) {
            String digits = afterHost.substring(1);
            if (afterHost.charAt(0) != ':' || digits.isEmpty() || digits.length() > 5
                    || (digits.length() > 1 && digits.charAt(0) == '0')) {
                return null;
            }
            for (int i = 0; i < digits.length(); i++) {
                if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                    return null;
                }
            }
            port = Integer.parseInt(digits);
            if (port > 65535 || port == HostSyntax.defaultPort(scheme)) {
                return null;
            }
        }
        return new SerializedOrigin(value, scheme, host, port);
    }

    /** The origin exactly as received (which, being well-formed, is its serialization). */
    public String text() {
        return text;
    }

    public boolean isNull() {
        return this == NULL;
    }

    /** Lower-case scheme; null for the opaque origin. */
    public String scheme() {
        return scheme;
    }

    /** Lower-case host, IPv6 in brackets; null for the opaque origin. */
    public String host() {
        return host;
    }

    /** The port, or -1 when the origin has none (the scheme's default). */
    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return text;
    }
}
