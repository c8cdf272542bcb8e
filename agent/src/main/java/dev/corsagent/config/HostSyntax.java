package dev.corsagent.config;

/**
 * Host and origin syntax shared by the configuration checks and the engine's strict parsing of
 * request {@code Origin} headers. Everything here is about the lower-case ASCII form browsers
 * serialize (WHATWG URL Standard): domains in punycode, canonical dotted-quad IPv4, RFC 5952
 * compressed IPv6.
 */
public final class HostSyntax {
    /** Longest DNS name, a trailing dot not counted. */
    public static final int MAX_HOST_LENGTH = 253;
    /** Longest DNS label. */
    public static final int MAX_LABEL_LENGTH = 63;
    /**
     * Longest serialized origin the agent reads. The URL Standard puts no limit on a scheme, so
     * neither does the agent, beyond this bound on the whole value (the longest host and port
     * leave a scheme of more than 1700 characters); a longer Origin is never granted.
     */
    public static final int MAX_ORIGIN_LENGTH = 2048;

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

    /** A lower-case scheme as in a serialized origin: {@code [a-z][a-z0-9+.-]*}, of any length (URL Standard). */
    public static boolean isLowerCaseScheme(String scheme) {
        if (scheme.isEmpty()) {
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
     * browser serializes it; otherwise the reason it is not. A trailing dot ({@code example.com.})
     * is valid: browsers keep it in the origin. Labels in punycode ({@code xn--}) must decode.
     * On the request path for every Origin parsed: no allocation unless the host is refused.
     */
    public static String checkLowerCaseHost(String host) {
        if (host.isEmpty() || host.equals(".")) {
            return "the host is empty";
        }
        // the root label's dot is not part of the name's length
        int nameLength = host.charAt(host.length() - 1) == '.' ? host.length() - 1 : host.length();
        if (nameLength > MAX_HOST_LENGTH) {
            return "the host is longer than " + MAX_HOST_LENGTH + " characters, which no DNS name is";
        }
        int labelStart = 0;
        for (int i = 0; i <= nameLength; i++) {
            char c = i < nameLength ? host.charAt(i) : '.';
            if (c == '.') {
                int labelLength = i - labelStart;
                if (labelLength == 0) {
                    return "the host has an empty label";
                }
                if (labelLength > MAX_LABEL_LENGTH) {
                    return "a label of the host is longer than " + MAX_LABEL_LENGTH + " characters, which no DNS"
                            + " label is";
                }
                if (host.startsWith("xn--", labelStart) && !isValidPunycode(host, labelStart + 4, i)) {
                    return "the label '" + host.substring(labelStart, i) + "' is not valid punycode (browsers refuse"
                            + " such a host); write the name as its xn-- form from an IDN converter";
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

    /**
     * Whether the last label is numeric, which makes browsers parse the whole host as IPv4 (URL
     * Standard "ends in a number checker": a trailing empty label is ignored, so {@code 1.2.3.4.}
     * is an IPv4 address too).
     */
    public static boolean endsInNumber(String host) {
        // on the request path for every Origin parsed: no substring
        int end = host.length();
        if (end > 1 && host.charAt(end - 1) == '.') {
            end--;
        }
        int start = host.lastIndexOf('.', end - 1) + 1;
        if (start >= end) {
            return false;
        }
        if (host.startsWith("0x", start)) {
            return true;
        }
        for (int i = start; i < end; i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code text[start, end)}, the part of a label after {@code xn--}, decodes as RFC 3492
     * Punycode to a label with at least one non-ASCII code point (UTS 46 "Processing" step 4: an
     * {@code xn--} label that is empty or decodes to ASCII only is an error). Decoded in place,
     * without building the Unicode text: only the decoder's state is kept. It checks the encoding,
     * not the Unicode mapping table (IDNA2008/UTS 46 code point validity, NFC), which browsers also
     * apply; {@code java.net.IDN} is not used since it implements IDNA2003, which refuses names
     * browsers accept (emoji labels such as {@code xn--ls8h}).
     */
    static boolean isValidPunycode(String text, int start, int end) {
        final int base = 36;
        final int tMin = 1;
        final int tMax = 26;
        int delimiter = text.lastIndexOf('-', end - 1);
        int basicCount = delimiter >= start ? delimiter - start : 0;
        int in = delimiter >= start ? delimiter + 1 : start;
        if (in >= end) {
            return false; // empty, or only basic (ASCII) code points
        }
        long n = 128;
        long i = 0;
        int bias = 72;
        int out = basicCount;
        while (in < end) {
            long oldI = i;
            long w = 1;
            for (int k = base; ; k += base) {
                if (in >= end) {
                    return false; // the last number ends early
                }
                char c = text.charAt(in++);
                int digit = c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? c - '0' + 26 : -1;
                if (digit < 0) {
                    return false;
                }
                i += digit * w;
                if (i > 0x7fffffffL) {
                    return false; // overflow (RFC 3492 section 6.4)
                }
                int t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
                if (digit < t) {
                    break;
                }
                w *= base - t;
                if (w > 0x7fffffffL) {
                    return false;
                }
            }
            out++;
            bias = adapt(i - oldI, out, oldI == 0);
            n += i / out;
            i %= out;
            if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) {
                return false; // not a Unicode scalar value
            }
            i++;
        }
        return true;
    }

    /** RFC 3492 section 6.1, the bias adaptation. */
    private static int adapt(long delta, int points, boolean first) {
        delta = first ? delta / 700 : delta / 2;
        delta += delta / points;
        int k = 0;
        while (delta > ((36 - 1) * 26) / 2) {
            delta /= 36 - 1;
            k += 36;
        }
        return (int) (k + (36 - 1 + 1) * delta / (delta + 38));
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
