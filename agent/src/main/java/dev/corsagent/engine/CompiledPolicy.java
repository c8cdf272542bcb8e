package dev.corsagent.engine;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.OriginPattern;
import dev.corsagent.config.PathPattern;
import dev.corsagent.config.PolicyConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A policy turned into lookup structures once, at compile time. Immutable.
 *
 * <p>Everything the policy fixes is computed here, so that deciding a request allocates as little
 * as the request itself demands: header name arrays, the allowed-methods value, and for each
 * exact origin its ready actual-request plans. All of it is bounded by the configuration, never by
 * request data.
 */
final class CompiledPolicy {
    final PolicyConfig config;
    final String name;
    final PathPattern[] paths;
    /** Per path pattern, see {@link #literalPrefix}. */
    final String[] literalPrefixes;

    final boolean anyOrigin;
    final boolean allowsNullOrigin;
    /** Exact serialized origins, compared with the request's Origin by string equality. */
    final Set<String> exactOrigins;
    /** Subdomain and any-port patterns, matched on the parsed request origin. */
    final OriginPattern[] originPatterns;

    final boolean anyMethod;
    final Set<String> methods;
    final String allowMethodsValue;

    final boolean anyHeader;
    /** Allowed request header names, lower case. */
    final Set<String> headers;
    /** The same names as an array, for comparing a region of the request line in place. */
    final String[] headerArray;
    final String exposeHeadersValue;
    final boolean credentials;
    final String maxAgeValue;
    final boolean privateNetwork;
    final int preflightStatus;

    /** ACAO * for everyone: an any-origin policy without credentials. */
    final boolean wildcardOrigin;

    /** Constant plans: nothing request-specific in them. */
    final ResponsePlan notCorsPlan;
    final ResponsePlan invalidPlan;
    final ResponsePlan invalidPreflightPlan;

    /** Header names (and, for the wildcard, values) of an allowed actual request; shared, never written. */
    final String[] actualNames;
    final String[] wildcardValues;
    /**
     * Header names of an allowed preflight answer, indexed by {@link #preflightShape}: whether
     * {@code Access-Control-Allow-Headers} and {@code Access-Control-Allow-Private-Network} are sent.
     */
    final String[][] preflightNames = new String[4][];

    /**
     * For each exact origin that is itself a well-formed serialized origin: its ready plans for an
     * allowed simple and an allowed actual request (the {@code cors.request.type} differs).
     */
    final Map<String, ExactOrigin> exactPlans;

    static final class ExactOrigin {
        final ResponsePlan simple;
        final ResponsePlan actual;

        ExactOrigin(ResponsePlan simple, ResponsePlan actual) {
            this.simple = simple;
            this.actual = actual;
        }
    }

    CompiledPolicy(PolicyConfig config) {
        this.config = config;
        this.name = config.name();
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
        this.allowMethodsValue = join(config.allowedMethods(), false);

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
        this.headers = Collections.unmodifiableSet(headerSet);
        this.headerArray = headerSet.toArray(new String[0]);
        this.exposeHeadersValue = config.exposedHeaders().isEmpty() ? null : join(config.exposedHeaders(), false);
        this.credentials = config.allowCredentials();
        this.maxAgeValue = config.maxAge() == null ? null : config.maxAge().toString();
        this.privateNetwork = config.allowPrivateNetwork();
        this.preflightStatus = config.preflightStatus();
        this.wildcardOrigin = anyOrigin && !credentials;

        if (wildcardOrigin) {
            HeaderList wildcard = wildcardHeaders();
            this.actualNames = wildcard.names();
            this.wildcardValues = wildcard.values();
            this.notCorsPlan = new ResponsePlan(0, actualNames, wildcardValues, null, true, Boolean.FALSE,
                    null, RequestType.NOT_CORS.attributeValue(), null);
        } else {
            HeaderList echo = new HeaderList();
            echo.add(CorsEngine.ALLOW_ORIGIN, "");
            if (credentials) {
                echo.add(CorsEngine.ALLOW_CREDENTIALS, "true");
            }
            if (exposeHeadersValue != null) {
                echo.add(CorsEngine.EXPOSE_HEADERS, exposeHeadersValue);
            }
            this.actualNames = echo.names();
            this.wildcardValues = null;
            this.notCorsPlan = new ResponsePlan(0, null, null, CorsEngine.VARY_ORIGIN, true, Boolean.FALSE, null,
                    RequestType.NOT_CORS.attributeValue(), null);
        }
        // a malformed Origin is never granted; the answer differs by Origin, so it says so in Vary
        this.invalidPlan = new ResponsePlan(0, null, null, CorsEngine.VARY_ORIGIN, true, Boolean.FALSE, null,
                RequestType.INVALID_CORS.attributeValue(), null);
        this.invalidPreflightPlan = new ResponsePlan(403, null, null, CorsEngine.VARY_PREFLIGHT, true, Boolean.FALSE,
                null, RequestType.INVALID_CORS.attributeValue(), null);

        for (int shape = 0; shape < 4; shape++) {
            List<String> names = new ArrayList<String>(6);
            names.add(CorsEngine.ALLOW_ORIGIN);
            if (credentials) {
                names.add(CorsEngine.ALLOW_CREDENTIALS);
            }
            names.add(CorsEngine.ALLOW_METHODS);
            if ((shape & 1) != 0) {
                names.add(CorsEngine.ALLOW_HEADERS);
            }
            if (maxAgeValue != null) {
                names.add(CorsEngine.MAX_AGE);
            }
            if ((shape & 2) != 0) {
                names.add(CorsEngine.ALLOW_PRIVATE_NETWORK);
            }
            preflightNames[shape] = names.toArray(new String[0]);
        }

        Map<String, ExactOrigin> ready = new HashMap<String, ExactOrigin>();
        for (String origin : exact) {
            SerializedOrigin serialized = SerializedOrigin.parse(origin);
            if (serialized != null && serialized.text().equals(origin)) {
                ready.put(origin, new ExactOrigin(actualPlan(origin, RequestType.SIMPLE),
                        actualPlan(origin, RequestType.ACTUAL)));
            }
        }
        this.exactPlans = ready;
    }

    /** Which of {@link #preflightNames} an allowed preflight answer uses. */
    static int preflightShape(boolean allowHeaders, boolean privateNetworkRequested) {
        return (allowHeaders ? 1 : 0) | (privateNetworkRequested ? 2 : 0);
    }

    /** {@code Access-Control-Allow-Origin: *} and the expose list: the same for every request. */
    HeaderList wildcardHeaders() {
        HeaderList headers = new HeaderList();
        headers.add(CorsEngine.ALLOW_ORIGIN, "*");
        if (exposeHeadersValue != null) {
            headers.add(CorsEngine.EXPOSE_HEADERS, exposeHeadersValue);
        }
        return headers;
    }

    /** The plan for an allowed actual (or simple) request from {@code origin}. */
    ResponsePlan actualPlan(String origin, RequestType type) {
        if (wildcardOrigin) {
            // the answer is the same for every origin: caches need no Vary: Origin
            return new ResponsePlan(0, actualNames, wildcardValues, null, true, Boolean.TRUE, origin,
                    type.attributeValue(), null);
        }
        String[] values = new String[actualNames.length];
        int i = 0;
        values[i++] = origin;
        if (credentials) {
            values[i++] = "true";
        }
        if (exposeHeadersValue != null) {
            values[i] = exposeHeadersValue;
        }
        return new ResponsePlan(0, actualNames, values, CorsEngine.VARY_ORIGIN, true, Boolean.TRUE, origin,
                type.attributeValue(), null);
    }

    boolean coversPath(String path) {
        for (int i = 0; i < paths.length; i++) {
            String prefix = literalPrefixes[i];
            if (prefix != null && path != null && path.startsWith(prefix)
                    && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return true; // the common "/literal/segments/**": a prefix test says yes at once
            }
            if (paths[i].matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For a pattern of literal segments followed by {@code /**} ({@code /shop/api/**}), the text
     * before {@code /**} ({@code /shop/api}); "" for {@code /**}; else null. A path that starts with
     * it followed by '/' or its end has those segments first, so the pattern matches it; any other
     * path is left to {@link PathPattern#matches} (which also reads doubled slashes).
     */
    static String literalPrefix(String pattern) {
        if (!pattern.endsWith("/**")) {
            return null;
        }
        String prefix = pattern.substring(0, pattern.length() - 3);
        if (prefix.indexOf('*') >= 0 || prefix.contains("//") || (!prefix.isEmpty() && !prefix.startsWith("/"))) {
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
        if (exactOrigins.contains(origin.text())) {
            return true;
        }
        for (OriginPattern pattern : originPatterns) {
            if (pattern.matches(origin.scheme(), origin.host(), origin.port())) {
                return true;
            }
        }
        return false;
    }

    /** The rule that lets {@code origin} in, or null when none does. */
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
        for (OriginPattern pattern : originPatterns) {
            if (pattern.matches(origin.scheme(), origin.host(), origin.port())) {
                return "allowed-origins pattern " + pattern.text() + " matches";
            }
        }
        return null;
    }

    /**
     * Whether the request header name {@code line[start, end)} (a token, so ASCII) is allowed,
     * compared case-insensitively without copying it.
     */
    boolean allowsHeader(String line, int start, int end) {
        int length = end - start;
        for (String allowed : headerArray) {
            if (allowed.length() == length && line.regionMatches(true, start, allowed, 0, length)) {
                return true;
            }
        }
        return anyHeader && !(length == 13 && line.regionMatches(true, start, "authorization", 0, 13));
    }

    static String join(List<String> items, boolean lowerCase) {
        StringBuilder out = new StringBuilder();
        for (String item : items) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(lowerCase ? item.toLowerCase(Locale.ROOT) : item);
        }
        return out.toString();
    }

    /** Parallel header name and value lists, turned into the plan's arrays. */
    static final class HeaderList {
        private final List<String> names = new ArrayList<String>(6);
        private final List<String> values = new ArrayList<String>(6);

        void add(String name, String value) {
            names.add(name);
            values.add(value);
        }

        String[] names() {
            return names.toArray(new String[0]);
        }

        String[] values() {
            return values.toArray(new String[0]);
        }
    }
}
