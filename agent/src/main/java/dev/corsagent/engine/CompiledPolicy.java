package dev.corsagent.engine;

import dev.corsagent.config.Mode;
import dev.corsagent.config.OriginPattern;
import dev.corsagent.config.PathPattern;
import dev.corsagent.config.PolicyConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One policy, validated and turned into lookup structures once, at compile time; immutable. What
 * it lets in (paths, origins, methods, header names) is here; what it answers is its
 * {@link PlanTemplate}. Everything is bounded by the configuration, never by request data.
 */
final class CompiledPolicy {
    final String name;
    private final PathPattern[] paths;
    /** Per path pattern, see {@link #literalPrefix}. */
    private final String[] literalPrefixes;

    private final boolean anyOrigin;
    private final boolean allowsNullOrigin;
    /** Exact serialized origins, compared with the request's Origin by string equality. */
    private final Set<String> exactOrigins;
    /** Subdomain and any-port patterns, matched on the parsed request origin. */
    private final OriginPattern[] originPatterns;

    final boolean anyMethod;
    private final Set<String> methods;
    /** The configured methods as listed: the Access-Control-Allow-Methods value, and reasons. */
    final String allowMethodsValue;

    final boolean anyHeader;
    /** Allowed request header names, lower case, for comparing a region of the request line in place. */
    private final String[] headers;
    /** The configured header names as listed, "none" when empty: for reasons. */
    final String allowedHeadersText;

    final boolean privateNetwork;
    /** ACAO * for everyone: an any-origin policy without credentials. */
    final boolean wildcardOrigin;
    /** {@code cross-origin-protection}: OFF, REPORT_ONLY or ENFORCE. */
    final Mode protection;
    final PlanTemplate plans;
    /** What this policy decided, kept across reloads by name. */
    final PolicyCounters counters;

    CompiledPolicy(PolicyConfig config, PolicyCounters counters) {
        this.name = config.name();
        this.counters = counters;
        List<PathPattern> compiledPaths = new ArrayList<PathPattern>();
        for (String path : config.paths()) {
            compiledPaths.add(PathPattern.compile(path));
        }
        this.paths = compiledPaths.toArray(new PathPattern[0]);
        this.literalPrefixes = new String[paths.length];
        for (int i = 0; i < paths.length; i++) {
            literalPrefixes[i] = literalPrefix(paths[i].text());
        }

        boolean any = false;
        boolean nullOrigin = false;
        Set<String> exact = new HashSet<String>();
        List<OriginPattern> patterns = new ArrayList<OriginPattern>();
        for (String origin : config.allowedOrigins()) {
            OriginPattern.ParseResult parsed = OriginPattern.parse(origin);
            if (parsed.pattern == null) {
                throw new IllegalArgumentException("policy " + name + ": origin " + origin + " " + parsed.error);
            }
            OriginPattern pattern = parsed.pattern;
            if (pattern.kind() == OriginPattern.Kind.ANY) {
                any = true;
            } else if (pattern.kind() == OriginPattern.Kind.NULL) {
                nullOrigin = true;
            } else if (pattern.isExact()) {
                exact.add(pattern.text());
            } else {
                patterns.add(pattern);
            }
        }
        this.anyOrigin = any;
        this.allowsNullOrigin = nullOrigin;
        this.exactOrigins = Collections.unmodifiableSet(exact);
        this.originPatterns = patterns.toArray(new OriginPattern[0]);

        this.anyMethod = config.allowedMethods().contains("*");
        Set<String> methodSet = new HashSet<String>(config.allowedMethods());
        methodSet.remove("*");
        this.methods = Collections.unmodifiableSet(methodSet);
        this.allowMethodsValue = String.join(", ", config.allowedMethods());

        boolean anyHeaderName = false;
        Set<String> headerSet = new HashSet<String>();
        for (String header : config.allowedHeaders()) {
            if (header.equals("*")) {
                anyHeaderName = true;
            } else {
                headerSet.add(header.toLowerCase(Locale.ROOT));
            }
        }
        this.anyHeader = anyHeaderName;
        this.headers = headerSet.toArray(new String[0]);
        this.allowedHeadersText = config.allowedHeaders().isEmpty() ? "none" : String.join(", ", config.allowedHeaders());

        this.privateNetwork = config.allowPrivateNetwork();
        this.wildcardOrigin = anyOrigin && !config.allowCredentials();
        this.protection = config.crossOriginProtection();
        this.plans = new PlanTemplate(config, wildcardOrigin, anyMethod, allowMethodsValue, exactOrigins);
    }

    boolean coversPath(String path) {
        if (path == null) {
            return false;
        }
        for (int i = 0; i < paths.length; i++) {
            String prefix = literalPrefixes[i];
            if (prefix != null) {
                if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                    return true; // the common "/literal/segments/**": a prefix test says yes at once
                }
                if (splitsAtEverySlash(path)) {
                    continue; // and no at once (see literalPrefix)
                }
            }
            if (paths[i].matches(path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the path starts with '/' and has no "//": its segments are exactly what lies between its slashes. */
    private static boolean splitsAtEverySlash(String path) {
        return path.startsWith("/") && path.indexOf("//") < 0;
    }

    /**
     * For a pattern of literal segments followed by {@code /**} ({@code /shop/api/**}), the text
     * before {@code /**} ({@code /shop/api}); "" for {@code /**}; else null. A path that starts with
     * it followed by '/' or its end has those segments first, so the pattern matches it. A path that
     * starts with '/' and has no "//" is split into segments at exactly its slashes, so when it fails
     * the test the pattern does not match it either; only other paths go to {@link PathPattern#matches}
     * (which skips empty segments). The uncovered paths, most of an app's requests, take that way.
     */
    static String literalPrefix(String pattern) {
        if (!pattern.endsWith("/**")) {
            return null;
        }
        String prefix = pattern.substring(0, pattern.length() - 3);
        if (prefix.indexOf('*') >= 0 || prefix.contains("//") || prefix.endsWith("/")
                || (!prefix.isEmpty() && !prefix.startsWith("/"))) {
            return null;
        }
        return prefix;
    }

    /** Whether {@code origin} is let in: exactly when {@link #originRule} names a rule. */
    boolean allows(SerializedOrigin origin) {
        if (anyOrigin) {
            return true;
        }
        if (origin.isNull()) {
            return allowsNullOrigin;
        }
        return exactOrigins.contains(origin.text()) || matchingPattern(origin) != null;
    }

    /**
     * Whether cross-origin protection trusts {@code origin} (a non-opaque one): listed exactly or
     * matched by a pattern. {@code *} lets every origin read, but trusts none to change state.
     */
    boolean trustsForProtection(SerializedOrigin origin) {
        return !anyOrigin && !origin.isNull()
                && (exactOrigins.contains(origin.text()) || matchingPattern(origin) != null);
    }

    /** Whether {@code origin}, as received, is one of the exact origins listed (never under {@code *}). */
    boolean listsExactly(String origin) {
        return !anyOrigin && !"null".equals(origin) && exactOrigins.contains(origin);
    }

    /** The rule that lets {@code origin} in, or null when none does: for reasons. */
    String originRule(SerializedOrigin origin) {
        if (anyOrigin) {
            return "allowed-origins is *";
        }
        if (origin.isNull()) {
            return allowsNullOrigin ? "allowed-origins lists null" : null;
        }
        if (exactOrigins.contains(origin.text())) {
            return "allowed-origins lists " + origin.text();
        }
        OriginPattern pattern = matchingPattern(origin);
        return pattern == null ? null : "allowed-origins pattern " + pattern.text() + " matches";
    }

    private OriginPattern matchingPattern(SerializedOrigin origin) {
        for (OriginPattern pattern : originPatterns) {
            if (pattern.matches(origin.scheme(), origin.host(), origin.port())) {
                return pattern;
            }
        }
        return null;
    }

    /** Methods are compared case-sensitively, as the SPEC says. */
    boolean allowsMethod(String method) {
        return anyMethod || methods.contains(method);
    }

    /**
     * Whether the request header name {@code line[start, end)} (a token, so ASCII) is allowed,
     * compared case-insensitively without copying it. {@code *} covers every name but
     * {@code Authorization} (Fetch §2.2.2 "Headers": a CORS non-wildcard request-header name).
     */
    boolean allowsHeader(String line, int start, int end) {
        int length = end - start;
        for (String allowed : headers) {
            if (allowed.length() == length && line.regionMatches(true, start, allowed, 0, length)) {
                return true;
            }
        }
        return anyHeader && !isAuthorization(line, start, end);
    }

    static boolean isAuthorization(String line, int start, int end) {
        return end - start == 13 && line.regionMatches(true, start, "authorization", 0, 13);
    }

}
