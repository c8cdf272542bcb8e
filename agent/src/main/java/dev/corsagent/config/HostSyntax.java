package dev.corsagent.config;

/**
 * Host and origin syntax shared by the configuration checks and the engine's strict parsing of
 * request {@code Origin} headers. Everything here is about the lower-case ASCII form browsers
 * serialize (WHATWG URL Standard): domains in punycode, canonical dotted-quad IPv4, RFC 5952
 * compressed IPv6.
 */
public final class HostSyntax {
    /** Longest DNS name. */
    public static final int MAX_HOST_LENGTH = 253;
    /** Longest scheme the agent accepts; no browser-facing scheme comes close. */
    public static final int MAX_SCHEME_LENGTH = 32;
    /** Longest serialized origin: scheme, "://", the longest host, ":65535". Longer is never valid. */
    public static final int MAX_ORIGIN_LENGTH = MAX_SCHEME_LENGTH + 3 + MAX_HOST_LENGTH + 6;

    private HostSyntax() {
    }

    /** The port a browser leaves out for this scheme, or -1. */
    public static int defaultPort(String scheme) {
        if ("http".equals(scheme) || "ws".equals(scheme)) {
            return 80;
        }
        if ("https".equals(scheme) || "wss".equals(scheme)) {
            return 443;
        }
        if ("ftp".equals(scheme)) {
            return 21;
        }
        return -1;
    }

    /** A lower-case scheme as in a serialized origin: {@code [a-z][a-z0-9+.-]*}, bounded. */
    public static boolean isLowerCaseScheme(String scheme) {
        if (scheme.isEmpty() || scheme.length() > MAX_SCHEME_LENGTH) {
            return false;
        }
        for (int i = 0; i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Null when {@code host} is a well-formed lower-case domain name or canonical IPv4 address as a
     * browser serializes it; otherwise the reason it is not.
     */
    public static String checkLowerCaseHost(String host) {
        if (host.isEmpty()) {
            return "the host is empty";
        }
        if (host.length() > MAX_HOST_LENGTH) {
            return "the host is longer than " + MAX_HOST_LENGTH + " characters";
        }
        int labelStart = 0;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c == '.') {
                int labelLength = i - labelStart;
                if (labelLength == 0) {
                    return "the host has an empty label";
                }
                if (labelLength > 63) {
                    return "a label of the host is longer than 63 characters";
                }
                labelStart = i + 1;
            } else if (c > 0x7f) {
                return "the host is not ASCII; write internationalized names in punycode (xn--...)";
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return "the host contains '" + c + "'";
            }
        }
        if (endsInNumber(host) && !isCanonicalIpv4(host)) {
            return "the host ends in a number but is not an IPv4 address in dotted-decimal form (a.b.c.d, no leading zeros)";
        }
        return null;
    }

    /** Whether the last label is numeric, which makes browsers parse the whole host as IPv4. */
    public static boolean endsInNumber(String host) {
        // on the request path for every Origin parsed: no substring
        int start = host.lastIndexOf('.') + 1;
        if (start == host.length()) {
            return false;
        }
        if (host.startsWith("0x", start)) {
            return true;
        }
        for (int i = start; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Four decimal parts 0..255 without leading zeros. */
    public static boolean isCanonicalIpv4(String host) {
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= host.length(); i++) {
            if (i == host.length() || host.charAt(i) == '.') {
                String part = host.substring(start, i);
                if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                    return false;
                }
                for (int k = 0; k < part.length(); k++) {
                    if (part.charAt(k) < '0' || part.charAt(k) > '9') {
                        return false;
                    }
                }
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
                parts++;
                start = i + 1;
            }
        }
        return parts == 4;
    }

    /**
     * The RFC 5952 form (lower case, longest zero run compressed, no leading zeros) of an IPv6
     * address given without brackets, or null when it is not an IPv6 address.
     */
    public static String canonicalIpv6(String address) {
        int[] groups = new int[8];
        String text = address.toLowerCase(java.util.Locale.ROOT);
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = parseGroups(head, doubleColon < 0);
        int[] tailGroups = doubleColon >= 0 ? parseGroups(tail, true) : new int[0];
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            return null;
        }
        System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
        return formatIpv6(groups);
    }

    /** Groups of a colon-separated part; an IPv4 tail counts as two groups. Null when malformed. */
    private static int[] parseGroups(String part, boolean mayEndInIpv4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        int count = pieces.length;
        boolean ipv4Tail = mayEndInIpv4 && pieces[count - 1].indexOf('.') >= 0;
        int[] result = new int[ipv4Tail ? count + 1 : count];
        for (int i = 0; i < count; i++) {
            String piece = pieces[i];
            if (ipv4Tail && i == count - 1) {
                if (!isCanonicalIpv4(piece)) {
                    return null;
                }
                String[] octets = piece.split("\\.");
                result[i] = Integer.parseInt(octets[0]) << 8 | Integer.parseInt(octets[1]);
                result[i + 1] = Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3]);
                continue;
            }
            if (piece.isEmpty() || piece.length() > 4) {
                return null;
            }
            int value = 0;
            for (int k = 0; k < piece.length(); k++) {
                int digit = Character.digit(piece.charAt(k), 16);
                if (digit < 0 || piece.charAt(k) > 'f') {
                    return null;
                }
                value = value * 16 + digit;
            }
            result[i] = value;
        }
        return result;
    }

    private static String formatIpv6(int[] groups) {
        int bestStart = -1;
        int bestLength = 1; // a single zero group is never compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /**
     * Whether {@code host} is a strict subdomain of {@code baseLabels} (one or more labels more,
     * never the base itself), compared label by label from the right on an already validated host.
     */
    public static boolean isStrictSubdomain(String host, String[] baseLabels) {
        int end = host.length();
        for (int i = baseLabels.length - 1; i >= 0; i--) {
            String label = baseLabels[i];
            int start = end - label.length();
            if (start < 0 || !host.regionMatches(start, label, 0, label.length())) {
                return false;
            }
            if (start == 0) {
                return false; // the host ran out of labels: it is the base (the apex) or shorter
            }
            if (host.charAt(start - 1) != '.') {
                return false; // "evilapp.example.com" must not match base "app.example.com"
            }
            end = start - 1;
        }
        return end > 0; // at least one non-empty label left of the base
    }
}
