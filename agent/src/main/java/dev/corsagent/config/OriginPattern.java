package dev.corsagent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One entry of {@code allowed-origins}: {@code *}, {@code null}, an exact origin
 * ({@code https://app.example.com}), a subdomain pattern ({@code https://*.example.com}: one or
 * more labels, never the apex) and/or any port ({@code http://localhost:*}).
 */
public final class OriginPattern {
    public enum Kind { ANY, NULL, ORIGIN }

    /**
     * Public suffixes with more than one label under which a subdomain pattern would cover
     * unrelated owners. No public-suffix library is allowed into the agent, so this is a short
     * explicit list of common ones (country second levels and shared hosting domains) plus the rule
     * that a pattern's base needs at least two labels. LIMITATION: a suffix not listed here (e.g. a
     * rarer country's second level) is not recognised, so {@code https://*.gov.xx} would pass.
     */
    static final Set<String> MULTI_LABEL_PUBLIC_SUFFIXES = Collections.unmodifiableSet(new HashSet<String>(Arrays.asList(
            "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "ac.uk", "gov.uk", "sch.uk", "nhs.uk", "police.uk",
            "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
            "co.nz", "net.nz", "org.nz", "govt.nz", "ac.nz", "school.nz",
            "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "gr.jp", "ed.jp", "lg.jp",
            "co.kr", "or.kr", "ne.kr", "go.kr", "ac.kr", "re.kr",
            "com.br", "net.br", "org.br", "gov.br", "edu.br",
            "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn",
            "com.hk", "org.hk", "edu.hk", "gov.hk", "com.tw", "org.tw", "gov.tw", "edu.tw",
            "com.sg", "edu.sg", "gov.sg", "com.my", "gov.my", "com.ph", "com.vn", "com.pk",
            "co.in", "net.in", "org.in", "firm.in", "gen.in", "ind.in", "ac.in", "gov.in", "edu.in",
            "co.id", "or.id", "ac.id", "go.id", "co.th", "in.th", "ac.th", "go.th",
            "co.za", "org.za", "gov.za", "ac.za", "co.il", "org.il", "ac.il", "gov.il",
            "com.mx", "org.mx", "gob.mx", "edu.mx", "com.ar", "gob.ar", "com.co", "gov.co", "com.pe",
            "com.ve", "com.uy", "com.ec", "com.tr", "gov.tr", "edu.tr", "com.ua", "gov.ua",
            "com.pl", "net.pl", "org.pl", "com.ng", "gov.ng", "com.eg", "gov.eg", "com.sa", "gov.sa",
            "co.ke", "or.ke", "ac.ke",
            // shared hosting: every customer gets a subdomain of these
            "github.io", "githubusercontent.com", "gitlab.io", "herokuapp.com", "appspot.com", "blogspot.com",
            "cloudfront.net", "azurewebsites.net", "azurestaticapps.net", "azureedge.net", "cloudapp.net",
            "trafficmanager.net", "vercel.app", "now.sh", "netlify.app", "pages.dev", "workers.dev", "web.app",
            "firebaseapp.com", "s3.amazonaws.com", "elasticbeanstalk.com", "amplifyapp.com", "onrender.com",
            "fly.dev", "deno.dev", "ngrok.io", "ngrok-free.app", "glitch.me", "surge.sh", "readthedocs.io",
            "pythonanywhere.com")));

    /** The outcome of reading one configured origin. */
    public static final class ParseResult {
        /** The pattern, or null when {@link #error} is set. */
        public final OriginPattern pattern;
        /** Why the entry is refused, or null. */
        public final String error;
        /** Warnings (normalization, {@code null}); never null. */
        public final List<String> warnings;

        ParseResult(OriginPattern pattern, String error, List<String> warnings) {
            this.pattern = pattern;
            this.error = error;
            this.warnings = Collections.unmodifiableList(warnings);
        }
    }

    private final Kind kind;
    private final String text;
    private final String scheme;
    private final String host;
    private final String[] baseLabels;
    private final int port;
    private final boolean anyPort;

    private OriginPattern(Kind kind, String text, String scheme, String host, boolean subdomains, int port,
                          boolean anyPort) {
        this.kind = kind;
        this.text = text;
        this.scheme = scheme;
        this.host = host;
        // -1 keeps a trailing dot's empty label: *.example.com. matches a.example.com. only
        this.baseLabels = subdomains ? host.split("\\.", -1) : null;
        this.port = port;
        this.anyPort = anyPort;
    }

    public Kind kind() {
        return kind;
    }

    /** The normalized form, as it appears in {@link PolicyConfig#allowedOrigins()}. */
    public String text() {
        return text;
    }

    /** An exact origin: compared by string equality with the request's serialized origin. */
    public boolean isExact() {
        return kind == Kind.ORIGIN && baseLabels == null && !anyPort;
    }

    public boolean isSubdomainPattern() {
        return baseLabels != null;
    }

    public String scheme() {
        return scheme;
    }

    public boolean isAnyPort() {
        return anyPort;
    }

    /**
     * Whether a well-formed request origin (lower-case scheme and host, port -1 when absent or
     * default) matches this {@link Kind#ORIGIN} entry.
     */
    public boolean matches(String requestScheme, String requestHost, int requestPort) {
        if (kind != Kind.ORIGIN || !scheme.equals(requestScheme)) {
            return false;
        }
        if (!anyPort && port != requestPort) {
            return false;
        }
        if (baseLabels != null) {
            return HostSyntax.isStrictSubdomain(requestHost, baseLabels);
        }
        return host.equals(requestHost);
    }

    @Override
    public String toString() {
        return text;
    }

    /** Reads one configured entry (already trimmed). */
    public static ParseResult parse(String raw) {
        List<String> warnings = new ArrayList<String>();
        if (raw.equals("*")) {
            return new ParseResult(new OriginPattern(Kind.ANY, "*", null, null, false, -1, false), null, warnings);
        }
        if (raw.equalsIgnoreCase("null")) {
            warnings.add("allows the opaque origin 'null', which sandboxed iframes, file: pages, data: URLs and"
                    + " some redirects send: any such page then gets access");
            if (!raw.equals("null")) {
                warnings.add("normalized to 'null' (browsers send it in lower case)");
            }
            return new ParseResult(new OriginPattern(Kind.NULL, "null", null, null, false, -1, false), null, warnings);
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return error("contains a space or control character");
            }
        }
        if (raw.length() > HostSyntax.MAX_ORIGIN_LENGTH) {
            return error("is longer than " + HostSyntax.MAX_ORIGIN_LENGTH + " characters; the agent grants no such"
                    + " Origin");
        }
        int separator = raw.indexOf("://");
        if (separator < 0) {
            return error("is not an origin: write scheme://host[:port], e.g. https://app.example.com");
        }
        String scheme = raw.substring(0, separator).toLowerCase(Locale.ROOT);
        if (!HostSyntax.isLowerCaseScheme(scheme)) {
            return error("has a malformed scheme '" + raw.substring(0, separator) + "'");
        }
        if (scheme.equals("file")) {
            return error("file: pages have no origin a server can trust (browsers send Origin: null for them)");
        }
        String rest = raw.substring(separator + 3);
        if (rest.indexOf('@') >= 0) {
            return error("must not contain userinfo (user@): an origin is scheme://host[:port]");
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            if (slash == rest.length() - 1) {
                return error("must not end with a slash: browsers send the origin without one ("
                        + raw.substring(0, raw.length() - 1) + ")");
            }
            return error("must not contain a path: an origin is scheme://host[:port]");
        }
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            return error("must not contain a query or fragment: an origin is scheme://host[:port]");
        }
        String hostPart;
        String portPart = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                return error("has an IPv6 address without the closing ']'");
            }
            hostPart = rest.substring(0, close + 1);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    return error("has text after the IPv6 address");
                }
                portPart = after.substring(1);
            }
        } else {
            int colon = rest.indexOf(':');
            hostPart = colon < 0 ? rest : rest.substring(0, colon);
            portPart = colon < 0 ? null : rest.substring(colon + 1);
        }

        boolean anyPort = false;
        int port = -1;
        if (portPart != null) {
            if (portPart.equals("*")) {
                anyPort = true;
            } else if (portPart.isEmpty()) {
                warnings.add("has an empty port; normalized without it");
            } else {
                for (int i = 0; i < portPart.length(); i++) {
                    if (portPart.charAt(i) < '0' || portPart.charAt(i) > '9') {
                        return error("has a malformed port '" + portPart + "' (a number, or * for any port)");
                    }
                }
                if (portPart.length() > 5 || Integer.parseInt(portPart) > 65535) {
                    return error("has a port above 65535");
                }
                port = Integer.parseInt(portPart);
                if (port == 0) {
                    return error("has port 0, which no server listens on; write the port the page is served from,"
                            + " or leave it out for the scheme's default");
                }
                if (port == HostSyntax.defaultPort(scheme)) {
                    port = -1;
                }
            }
        }

        boolean subdomains = false;
        String host;
        if (hostPart.startsWith("[")) {
            String inside = hostPart.substring(1, hostPart.length() - 1);
            String canonical = HostSyntax.canonicalIpv6(inside);
            if (canonical == null) {
                return error("has a malformed IPv6 address");
            }
            if (!canonical.equals(inside.toLowerCase(Locale.ROOT))) {
                return error("has an IPv6 address that is not in the compressed form browsers send; write ["
                        + canonical + "]");
            }
            host = "[" + canonical + "]";
        } else {
            String lower = hostPart.toLowerCase(Locale.ROOT);
            if (lower.startsWith("*.")) {
                subdomains = true;
                lower = lower.substring(2);
            }
            if (lower.indexOf('*') >= 0) {
                return error("has a '*' that is not a whole leftmost label: write https://*.example.com"
                        + " (one or more labels) or a port wildcard http://localhost:*");
            }
            String problem = HostSyntax.checkLowerCaseHost(lower);
            if (problem != null) {
                return error("is malformed: " + problem);
            }
            if (subdomains) {
                String wideness = checkRegistrableBase(lower);
                if (wideness != null) {
                    return error(wideness);
                }
            }
            host = lower;
        }

        StringBuilder normalized = new StringBuilder(scheme).append("://");
        if (subdomains) {
            normalized.append("*.");
        }
        normalized.append(host);
        if (anyPort) {
            normalized.append(":*");
        } else if (port >= 0) {
            normalized.append(':').append(port);
        }
        String text = normalized.toString();
        if (!text.equals(raw)) {
            warnings.add("normalized to " + text + " (browsers send lower-case scheme and host and leave out the"
                    + " default port)");
        }
        OriginPattern pattern = new OriginPattern(Kind.ORIGIN, text, scheme, host, subdomains, port, anyPort);
        return new ParseResult(pattern, null, warnings);
    }

    private static String checkRegistrableBase(String pattern) {
        // the pattern needs room for one more label and its dot within a DNS name's 253 characters
        String base = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (base.length() > HostSyntax.MAX_HOST_LENGTH - 2) {
            return "can match no DNS name: a subdomain of this " + base.length() + "-character base would be longer"
                    + " than " + HostSyntax.MAX_HOST_LENGTH + " characters; shorten the base";
        }
        if (HostSyntax.endsInNumber(base)) {
            return "is a subdomain pattern over an IP address; subdomain patterns need a domain name";
        }
        if (base.equals("localhost")) {
            return null; // RFC 6761: every name under localhost is this machine, one owner
        }
        if (base.indexOf('.') < 0) {
            return "is wider than a registrable domain: '*." + base + "' covers every site under ." + base
                    + " (the base of a pattern needs at least two labels, e.g. https://*.example.com)";
        }
        if (MULTI_LABEL_PUBLIC_SUFFIXES.contains(base)) {
            return "is wider than a registrable domain: " + base + " is a public suffix shared by unrelated owners";
        }
        return null;
    }

    private static ParseResult error(String reason) {
        return new ParseResult(null, reason, new ArrayList<String>());
    }
}
