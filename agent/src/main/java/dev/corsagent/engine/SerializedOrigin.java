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
        // read in place: only the scheme and the host are copied out, for pattern matching
        // the two schemes nearly every Origin has are not copied
        String scheme = separator == 5 && value.startsWith("https") ? "https"
                : separator == 4 && value.startsWith("http") ? "http" : value.substring(0, separator);
        if (!HostSyntax.isLowerCaseScheme(scheme)) {
            return null;
        }
        int length = value.length();
        int hostStart = separator + 3;
        String host;
        int afterHost;
        if (hostStart < length && value.charAt(hostStart) == '[') {
            int close = value.indexOf(']', hostStart);
            if (close < 0) {
                return null;
            }
            String inside = value.substring(hostStart + 1, close);
            if (!inside.equals(HostSyntax.canonicalIpv6(inside))) {
                return null;
            }
            host = value.substring(hostStart, close + 1);
            afterHost = close + 1;
        } else {
            int colon = value.indexOf(':', hostStart);
            afterHost = colon < 0 ? length : colon;
            host = value.substring(hostStart, afterHost);
            if (HostSyntax.checkLowerCaseHost(host) != null) {
                return null;
            }
        }
        int port = -1;
        if (afterHost < length) {
            int digits = length - afterHost - 1;
            if (value.charAt(afterHost) != ':' || digits == 0 || digits > 5
                    || (digits > 1 && value.charAt(afterHost + 1) == '0')) {
                return null;
            }
            port = 0;
            for (int i = afterHost + 1; i < length; i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                port = port * 10 + (c - '0');
            }
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
