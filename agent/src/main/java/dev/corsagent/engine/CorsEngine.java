package dev.corsagent.engine;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.Mode;
import dev.corsagent.config.PolicyConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CORS protocol of the Fetch standard, compiled from one {@link AgentConfig}. Immutable and
 * thread-safe: on reload the whole engine is replaced. No servlet types, no logging, no I/O.
 *
 * <p>Hot path: {@link #planWithoutOrigin(String, String)} answers the common request without an
 * {@code Origin} header with a shared plan and allocates nothing. {@link #decide(RequestFacts)}
 * handles everything and also says why.
 */
public final class CorsEngine {
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
    static final String MAX_AGE = "Access-Control-Max-Age";
    static final String ALLOW_PRIVATE_NETWORK = "Access-Control-Allow-Private-Network";

    static final String VARY_ORIGIN = "Origin";
    static final String VARY_PREFLIGHT = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    /** A preflight asking for more header names than this is denied. */
    public static final int MAX_REQUESTED_HEADERS = 64;

    /** Paths no policy covers: untouched except for {@code Vary: Origin}; app headers stay. */
    static final ResponsePlan UNCOVERED_PLAN = new ResponsePlan(0, null, null, VARY_ORIGIN, false, null, null,
            null, null);

    private final AgentConfig config;
    private final CompiledPolicy[] policies;

    private CorsEngine(AgentConfig config, CompiledPolicy[] policies) {
        this.config = config;
        this.policies = policies;
    }

    /** Builds the lookup structures once. {@code config} must come from a valid {@link ConfigLoader} result. */
    public static CorsEngine compile(AgentConfig config) {
        List<CompiledPolicy> compiled = new ArrayList<CompiledPolicy>();
        for (PolicyConfig policy : config.policies()) {
            compiled.add(new CompiledPolicy(policy));
        }
        return new CorsEngine(config, compiled.toArray(new CompiledPolicy[0]));
    }

    public Mode mode() {
        return config.mode();
    }

    public AgentConfig config() {
        return config;
    }

    /** The first policy whose paths match, or null. */
    private CompiledPolicy policyFor(String path) {
        for (CompiledPolicy policy : policies) {
            if (policy.coversPath(path)) {
                return policy;
            }
        }
        return null;
    }

    /**
     * The plan for a request without an {@code Origin} header: a shared constant, no allocation.
     * Same plan as {@code decide(RequestFacts.withoutOrigin(method, path)).plan()}.
     */
    public ResponsePlan planWithoutOrigin(String method, String path) {
        CompiledPolicy policy = policyFor(path);
        return policy == null ? UNCOVERED_PLAN : policy.notCorsPlan;
    }

    /**
     * The plan for a request with exactly one {@code Origin} line: the hot path the agent takes when
     * no decision is logged. Same plan as {@link #decide(RequestFacts)} with those facts (the header
     * lines joined with {@code ,}), without building a {@link Decision} or its reason: an allowed
     * actual request from an exact origin gets a plan made at compile time and allocates nothing.
     *
     * @param requestHeaders the {@code Access-Control-Request-Headers} lines joined with {@code ,};
     *                       null or empty when there are none
     */
    public ResponsePlan plan(String method, String path, String origin, String requestMethod,
                             String requestHeaders, boolean privateNetworkRequested, String contentType) {
        CompiledPolicy policy = policyFor(path == null ? "" : path);
        if (policy == null) {
            return UNCOVERED_PLAN;
        }
        return decide(policy, method == null ? "" : method, origin, 1, requestMethod,
                requestHeaders == null ? "" : requestHeaders, privateNetworkRequested, contentType, null);
    }

    /** Decides one request and says why. Never throws on any request input. */
    public Decision decide(RequestFacts facts) {
        CompiledPolicy policy = policyFor(facts.path());
        List<String> origins = facts.origins();
        if (origins.isEmpty()) {
            if (policy == null) {
                return new Decision(Outcome.PASS_THROUGH, RequestType.NOT_CORS, null, UNCOVERED_PLAN, null, facts,
                        "no policy covers the path; only Vary: Origin is added");
            }
            return new Decision(Outcome.PASS_THROUGH, RequestType.NOT_CORS, policy.name, policy.notCorsPlan, null,
                    facts, policy.wildcardOrigin
                            ? "not a CORS request; an any-origin policy without credentials sends"
                            + " Access-Control-Allow-Origin: * on every response"
                            : "not a CORS request (no Origin); only Vary: Origin is added");
        }
        Explanation why = new Explanation();
        ResponsePlan plan = decide(policy, facts.method(), origins.get(0), origins.size(), facts.requestMethod(),
                joinLines(facts.requestHeaderLines()), facts.privateNetworkRequested(), facts.contentType(), why);
        return new Decision(why.outcome, why.type, policy == null ? null : policy.name, plan, why.validOrigin, facts,
                why.rule);
    }

    /** What {@link #decide(RequestFacts)} says beyond the plan; filled in only when asked for. */
    private static final class Explanation {
        Outcome outcome;
        RequestType type;
        String validOrigin;
        String rule;

        void set(Outcome outcome, String rule) {
            this.outcome = outcome;
            this.rule = rule;
        }
    }

    /**
     * The one decision procedure behind {@link #plan} and {@link #decide(RequestFacts)}. {@code origin}
     * is the first of {@code originCount} (at least one) Origin lines; {@code requestHeaders} the
     * joined Access-Control-Request-Headers lines, "" when none. {@code why} is null on the hot path:
     * then no rule text is built, and an exact origin is looked up before (instead of) parsing it.
     */
    private ResponsePlan decide(CompiledPolicy policy, String method, String origin, int originCount,
                                String requestMethod, String requestHeaders, boolean privateNetworkRequested,
                                String contentType, Explanation why) {
        CompiledPolicy.ExactOrigin exact = null;
        SerializedOrigin parsed = null;
        boolean valid = false;
        if (originCount == 1) {
            if (why == null && policy != null) {
                exact = policy.exactPlans.get(origin); // such an origin is well-formed: no need to parse it
            }
            if (exact != null) {
                valid = true;
            } else {
                parsed = SerializedOrigin.parse(origin);
                valid = parsed != null;
            }
        }
        RequestType type = classify(method, valid, requestMethod, contentType);
        if (why != null) {
            why.type = type;
            why.validOrigin = valid ? origin : null;
        }
        if (policy == null) {
            if (why != null) {
                why.set(Outcome.PASS_THROUGH, "no policy covers the path; only Vary: Origin is added");
            }
            return UNCOVERED_PLAN;
        }
        if (type == RequestType.INVALID_CORS) {
            boolean preflightShape = "OPTIONS".equals(method) && requestMethod != null && !requestMethod.isEmpty();
            if (why != null) {
                String rule = originCount > 1
                        ? "the request has " + originCount + " Origin headers; a request carries exactly one"
                        : !valid
                        ? "the Origin is not a well-formed serialized origin (lower-case scheme://host[:port],"
                        + " no default port, path or trailing slash)"
                        : "Access-Control-Request-Method is empty";
                why.set(Outcome.DENIED, rule + (preflightShape ? "; preflight answered 403" : "; no Access-Control-* header"));
            }
            return preflightShape ? policy.invalidPreflightPlan : policy.invalidPlan;
        }
        String originRule = null;
        boolean allowed;
        if (exact != null) {
            allowed = true;
        } else if (why != null) {
            originRule = policy.originRule(parsed);
            allowed = originRule != null;
        } else {
            allowed = policy.allows(parsed);
        }
        if (type == RequestType.PRE_FLIGHT) {
            return decidePreflight(policy, origin, allowed, originRule, requestMethod, requestHeaders,
                    privateNetworkRequested, why);
        }
        if (!allowed) {
            if (why != null) {
                why.set(Outcome.DENIED, "the origin is not in allowed-origins; no Access-Control-* header, the browser"
                        + " withholds the response");
            }
            return new ResponsePlan(0, null, null, VARY_ORIGIN, true, Boolean.TRUE, origin, type.attributeValue(),
                    null);
        }
        if (why != null) {
            why.set(Outcome.ALLOWED, originRule);
        }
        if (exact != null) {
            return type == RequestType.SIMPLE ? exact.simple : exact.actual;
        }
        return policy.actualPlan(origin, type);
    }

    /**
     * Tomcat's classification, minus its same-origin check (the engine does not see the Host), of a
     * request with Origin. {@code validOrigin}: exactly one well-formed Origin.
     */
    private static RequestType classify(String method, boolean validOrigin, String requestMethod,
                                        String contentType) {
        if (!validOrigin) { // also when there are several Origin headers
            return RequestType.INVALID_CORS;
        }
        if ("OPTIONS".equals(method) && requestMethod != null) {
            return requestMethod.isEmpty() ? RequestType.INVALID_CORS : RequestType.PRE_FLIGHT;
        }
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return RequestType.SIMPLE;
        }
        if ("POST".equals(method)) {
            return isSimpleContentType(contentType) ? RequestType.SIMPLE : RequestType.ACTUAL;
        }
        return RequestType.ACTUAL;
    }

    /**
     * As Tomcat's CorsFilter: no Content-Type at all counts as simple (Tomcat's media type parser
     * returns null, which it treats as simple); otherwise the media type before any {@code ;}
     * parameters, trimmed and lower-cased, must be one of the three a form can send. An empty
     * value is not one of them, so it is not simple. Compared in place, nothing allocated.
     */
    static boolean isSimpleContentType(String contentType) {
        if (contentType == null) {
            return true;
        }
        int semicolon = contentType.indexOf(';');
        int end = semicolon < 0 ? contentType.length() : semicolon;
        int start = 0;
        while (start < end && contentType.charAt(start) <= ' ') { // as String.trim()
            start++;
        }
        while (end > start && contentType.charAt(end - 1) <= ' ') {
            end--;
        }
        return equalsLowerAscii(contentType, start, end, "application/x-www-form-urlencoded")
                || equalsLowerAscii(contentType, start, end, "multipart/form-data")
                || equalsLowerAscii(contentType, start, end, "text/plain");
    }

    /**
     * Whether {@code text[start, end)} lower-cased equals {@code lower} (lower-case ASCII without
     * 'k'). No other character lower-cases (Locale.ENGLISH) to one ASCII letter but the Kelvin sign,
     * to 'k', which none of the media types holds; so an ASCII comparison is exact.
     */
    private static boolean equalsLowerAscii(String text, int start, int end, String lower) {
        if (end - start != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = text.charAt(start + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private ResponsePlan decidePreflight(CompiledPolicy policy, String origin, boolean allowed, String originRule,
                                        String method, String requestHeaders, boolean privateNetworkRequested,
                                        Explanation why) {
        if (!allowed) {
            return deniedPreflight(origin, requestHeaders, why, "the origin is not in allowed-origins");
        }
        if (!ConfigLoader.isToken(method)) {
            return deniedPreflight(origin, requestHeaders, why, "Access-Control-Request-Method is not a method name");
        }
        // a token is ASCII: equalsIgnoreCase is toUpperCase(Locale.ROOT).equals
        if (method.equalsIgnoreCase("CONNECT") || method.equalsIgnoreCase("TRACE")
                || method.equalsIgnoreCase("TRACK")) {
            return deniedPreflight(origin, requestHeaders, why,
                    why == null ? null : "method " + method + " is forbidden cross-origin");
        }
        if (!policy.anyMethod && !policy.methods.contains(method)) {
            return deniedPreflight(origin, requestHeaders, why, why == null ? null
                    : "method " + method + " is not in allowed-methods (" + policy.allowMethodsValue + ")");
        }

        // the requested names, read in place: comma-separated items, optional white space around them
        int requested = 0;
        int distinct = 0;
        boolean canonical = true; // the line already reads "a, b, c": lower case, distinct, ", " between
        int length = requestHeaders.length();
        int position = 0;
        while (position <= length) {
            int itemStart = position;
            int comma = requestHeaders.indexOf(',', position);
            int itemEnd = comma < 0 ? length : comma;
            int start = itemStart;
            int end = itemEnd;
            while (start < end && isOws(requestHeaders.charAt(start))) {
                start++;
            }
            while (end > start && isOws(requestHeaders.charAt(end - 1))) {
                end--;
            }
            position = itemEnd + 1;
            if (start == end) {
                canonical = false;
                continue;
            }
            if (++requested > MAX_REQUESTED_HEADERS) {
                return deniedPreflight(origin, requestHeaders, why,
                        "the preflight asks for more than " + MAX_REQUESTED_HEADERS + " header names");
            }
            if (!ConfigLoader.isToken(requestHeaders, start, end)) {
                return deniedPreflight(origin, requestHeaders, why, why == null ? null
                        : "requested header '" + Decision.printable(requestHeaders.substring(start, end))
                        + "' is not a header name");
            }
            if (!policy.allowsHeader(requestHeaders, start, end)) {
                return deniedPreflight(origin, requestHeaders, why, why == null ? null
                        : headerNotAllowed(policy, requestHeaders.substring(start, end).toLowerCase(Locale.ROOT)));
            }
            if (seenBefore(requestHeaders, start, end)) {
                canonical = false;
            } else {
                distinct++;
                // canonical: the first item starts the line, every other one is ", name"; no trailing space
                canonical = canonical && end == itemEnd && !hasUpperCase(requestHeaders, start, end)
                        && (itemStart == 0 ? start == 0
                        : start == itemStart + 1 && requestHeaders.charAt(itemStart) == ' ');
            }
        }
        if (privateNetworkRequested && !policy.privateNetwork) {
            return deniedPreflight(origin, requestHeaders, why,
                    "the preflight asks for private network access and allow-private-network is false");
        }

        String[] names = policy.preflightNames[CompiledPolicy.preflightShape(distinct > 0, privateNetworkRequested)];
        String[] values = new String[names.length];
        int i = 0;
        values[i++] = policy.wildcardOrigin ? "*" : origin;
        if (policy.credentials) {
            values[i++] = "true";
        }
        // with '*' the requested method is echoed: under credentials a literal '*' would not count
        values[i++] = policy.anyMethod ? method : policy.allowMethodsValue;
        if (distinct > 0) {
            values[i++] = canonical ? requestHeaders : allowHeadersValue(requestHeaders);
        }
        if (policy.maxAgeValue != null) {
            values[i++] = policy.maxAgeValue;
        }
        if (privateNetworkRequested) {
            values[i] = "true";
        }
        if (why != null) {
            why.set(Outcome.ALLOWED, originRule + ", method " + method + " is allowed"
                    + (distinct == 0 ? ", no headers requested" : ", every requested header is allowed"));
        }
        return new ResponsePlan(policy.preflightStatus, names, values, VARY_PREFLIGHT, true, Boolean.TRUE, origin,
                RequestType.PRE_FLIGHT.attributeValue(), requestHeaders);
    }

    private static String headerNotAllowed(CompiledPolicy policy, String lower) {
        if (lower.equals("authorization") && policy.anyHeader) {
            return "requested header 'authorization' must be listed by name; allowed-headers = * does not cover it";
        }
        return "requested header '" + lower + "' is not in allowed-headers ("
                + (policy.config.allowedHeaders().isEmpty() ? "none"
                : CompiledPolicy.join(policy.config.allowedHeaders(), false)) + ")";
    }

    private static ResponsePlan deniedPreflight(String origin, String requestHeaders, Explanation why, String rule) {
        if (why != null) {
            why.set(Outcome.DENIED, rule + "; answered 403 without Access-Control-* headers");
        }
        return new ResponsePlan(403, null, null, VARY_PREFLIGHT, true, Boolean.TRUE, origin,
                RequestType.PRE_FLIGHT.attributeValue(), requestHeaders);
    }

    /**
     * {@code Access-Control-Allow-Headers} for requested names that all passed the checks: each
     * distinct name once, lower case, in request order, joined with ", ".
     */
    private static String allowHeadersValue(String line) {
        StringBuilder out = new StringBuilder(line.length() + 16);
        int length = line.length();
        int position = 0;
        while (position <= length) {
            int comma = line.indexOf(',', position);
            int itemEnd = comma < 0 ? length : comma;
            int start = position;
            int end = itemEnd;
            while (start < end && isOws(line.charAt(start))) {
                start++;
            }
            while (end > start && isOws(line.charAt(end - 1))) {
                end--;
            }
            position = itemEnd + 1;
            if (start == end || seenBefore(line, start, end)) {
                continue;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            for (int c = start; c < end; c++) {
                char ch = line.charAt(c);
                out.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch);
            }
        }
        return out.toString();
    }

    /** Whether the name {@code line[start, end)} appeared (ignoring case) in an item before {@code start}. */
    private static boolean seenBefore(String line, int start, int end) {
        int length = end - start;
        int position = 0;
        while (position < start) {
            int comma = line.indexOf(',', position);
            int itemEnd = comma < 0 || comma > start ? start : comma;
            int s = position;
            int e = itemEnd;
            while (s < e && isOws(line.charAt(s))) {
                s++;
            }
            while (e > s && isOws(line.charAt(e - 1))) {
                e--;
            }
            if (e - s == length && line.regionMatches(true, s, line, start, length)) {
                return true;
            }
            position = itemEnd + 1;
        }
        return false;
    }

    private static boolean hasUpperCase(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return true;
            }
        }
        return false;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * The raw {@code Access-Control-Request-Headers} lines as Tomcat's attribute holds them ("" when
     * none): what {@link #plan} takes as its request headers.
     */
    public static String joinLines(List<String> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        if (lines.size() == 1) {
            return lines.get(0) == null ? "" : lines.get(0);
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (line == null) {
                continue;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(line);
        }
        return out.toString();
    }
}
