package dev.corsagent.engine;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.HostSyntax;
import dev.corsagent.config.OriginPattern;
import dev.corsagent.config.PathPattern;
import dev.corsagent.config.PolicyConfig;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The engine's decision procedure as it was before the hot path was rewritten (commit 971ffac),
 * kept verbatim as an oracle: the rewritten engine must decide every request exactly as this one
 * did, plan, outcome, type and reason alike. Self-contained: the policy compilation, the constants
 * and the reason sentence are frozen copies too, so that the engine's own classes can change.
 */
final class PreviousEngine {
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
    static final String MAX_AGE = "Access-Control-Max-Age";
    static final String ALLOW_PRIVATE_NETWORK = "Access-Control-Allow-Private-Network";
    static final String VARY_ORIGIN = "Origin";
    static final String VARY_PREFLIGHT = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
    static final int MAX_REQUESTED_HEADERS = 64;
    static final ResponsePlan UNCOVERED_PLAN = new ResponsePlan(0, null, null, VARY_ORIGIN, false, null, null,
            null, null);

    private final Policy[] policies;

    PreviousEngine(AgentConfig config) {
        List<Policy> compiled = new ArrayList<Policy>();
        for (PolicyConfig policy : config.policies()) {
            compiled.add(new Policy(policy));
        }
        this.policies = compiled.toArray(new Policy[0]);
    }

    private Policy policyFor(String path) {
        for (Policy policy : policies) {
            if (policy.coversPath(path)) {
                return policy;
            }
        }
        return null;
    }

    /** Decides one request. Never throws on any request input. */
    Result decide(RequestFacts facts) {
        Policy policy = policyFor(facts.path());
        List<String> origins = facts.origins();
        SerializedOrigin origin = origins.size() == 1 ? SerializedOrigin.parse(origins.get(0)) : null;
        String validOrigin = origin == null ? null : origin.text();
        RequestType type = classify(facts, origin);
        if (policy == null) {
            return new Result(Outcome.PASS_THROUGH, type, null, UNCOVERED_PLAN, validOrigin, facts,
                    "no policy covers the path; only Vary: Origin is added");
        }
        if (origins.isEmpty()) {
            return new Result(Outcome.PASS_THROUGH, type, policy.name, policy.notCorsPlan, null, facts,
                    policy.wildcardOrigin
                            ? "not a CORS request; an any-origin policy without credentials sends"
                            + " Access-Control-Allow-Origin: * on every response"
                            : "not a CORS request (no Origin); only Vary: Origin is added");
        }
        if (type == RequestType.INVALID_CORS) {
            String rule = origins.size() > 1
                    ? "the request has " + origins.size() + " Origin headers; a request carries exactly one"
                    : origin == null
                    ? "the Origin is not a well-formed serialized origin (lower-case scheme://host[:port],"
                    + " no default port, path or trailing slash)"
                    : "Access-Control-Request-Method is empty";
            boolean preflightShape = "OPTIONS".equals(facts.method()) && facts.requestMethod() != null
                    && !facts.requestMethod().isEmpty();
            return new Result(Outcome.DENIED, type, policy.name,
                    preflightShape ? policy.invalidPreflightPlan : policy.invalidPlan, validOrigin, facts,
                    rule + (preflightShape ? "; preflight answered 403" : "; no Access-Control-* header"));
        }
        String originRule = policy.originRule(origin);
        if (type == RequestType.PRE_FLIGHT) {
            return decidePreflight(policy, facts, origin, originRule);
        }
        return decideActual(policy, facts, type, origin, originRule);
    }

    /**
     * Tomcat's classification, minus its same-origin check (the engine does not see the Host).
     * {@code origin} is the parsed Origin when there is exactly one well-formed one, else null.
     */
    private static RequestType classify(RequestFacts facts, SerializedOrigin origin) {
        List<String> origins = facts.origins();
        if (origins.isEmpty()) {
            return RequestType.NOT_CORS;
        }
        if (origin == null) { // also when there are several Origin headers: only one is parsed
            return RequestType.INVALID_CORS;
        }
        String method = facts.method();
        if ("OPTIONS".equals(method) && facts.requestMethod() != null) {
            return facts.requestMethod().isEmpty() ? RequestType.INVALID_CORS : RequestType.PRE_FLIGHT;
        }
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return RequestType.SIMPLE;
        }
        if ("POST".equals(method)) {
            return isSimpleContentType(facts.contentType()) ? RequestType.SIMPLE : RequestType.ACTUAL;
        }
        return RequestType.ACTUAL;
    }

    /**
     * As Tomcat's CorsFilter: no Content-Type at all counts as simple (Tomcat's media type parser
     * returns null, which it treats as simple); otherwise the media type before any {@code ;}
     * parameters, trimmed and lower-cased, must be one of the three a form can send. An empty
     * value is not one of them, so it is not simple.
     */
    static boolean isSimpleContentType(String contentType) {
        if (contentType == null) {
            return true;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim().toLowerCase(Locale.ENGLISH);
        return mediaType.equals("application/x-www-form-urlencoded")
                || mediaType.equals("multipart/form-data")
                || mediaType.equals("text/plain");
    }

    private Result decideActual(Policy policy, RequestFacts facts, RequestType type,
                                  SerializedOrigin origin, String originRule) {
        String typeName = type.attributeValue();
        if (originRule == null) {
            ResponsePlan plan = new ResponsePlan(0, null, null, VARY_ORIGIN, true, Boolean.TRUE, origin.text(),
                    typeName, null);
            return new Result(Outcome.DENIED, type, policy.name, plan, origin.text(), facts,
                    "the origin is not in allowed-origins; no Access-Control-* header, the browser withholds"
                            + " the response");
        }
        HeaderList headers;
        String vary;
        if (policy.wildcardOrigin) {
            headers = policy.wildcardHeaders();
            vary = null; // the answer is the same for every origin: caches need no Vary: Origin
        } else {
            headers = new HeaderList();
            headers.add(ALLOW_ORIGIN, origin.text());
            if (policy.credentials) {
                headers.add(ALLOW_CREDENTIALS, "true");
            }
            if (policy.exposeHeadersValue != null) {
                headers.add(EXPOSE_HEADERS, policy.exposeHeadersValue);
            }
            vary = VARY_ORIGIN;
        }
        ResponsePlan plan = new ResponsePlan(0, headers.names(), headers.values(), vary, true, Boolean.TRUE,
                origin.text(), typeName, null);
        return new Result(Outcome.ALLOWED, type, policy.name, plan, origin.text(), facts, originRule);
    }

    private Result decidePreflight(Policy policy, RequestFacts facts, SerializedOrigin origin,
                                     String originRule) {
        String requestHeadersAttribute = joinLines(facts.requestHeaderLines());
        if (originRule == null) {
            return deniedPreflight(policy, facts, origin, requestHeadersAttribute,
                    "the origin is not in allowed-origins");
        }
        String method = facts.requestMethod();
        if (!ConfigLoader.isToken(method)) {
            return deniedPreflight(policy, facts, origin, requestHeadersAttribute,
                    "Access-Control-Request-Method is not a method name");
        }
        String upperMethod = method.toUpperCase(Locale.ROOT);
        if (upperMethod.equals("CONNECT") || upperMethod.equals("TRACE") || upperMethod.equals("TRACK")) {
            return deniedPreflight(policy, facts, origin, requestHeadersAttribute,
                    "method " + method + " is forbidden cross-origin");
        }
        if (!policy.anyMethod && !policy.methods.contains(method)) {
            return deniedPreflight(policy, facts, origin, requestHeadersAttribute,
                    "method " + method + " is not in allowed-methods (" + policy.allowMethodsValue + ")");
        }

        List<String> names = new ArrayList<String>();
        int requested = 0;
        for (String line : facts.requestHeaderLines()) {
            if (line == null) {
                continue;
            }
            for (String item : line.split(",", -1)) {
                String name = trimOws(item);
                if (name.isEmpty()) {
                    continue;
                }
                if (++requested > MAX_REQUESTED_HEADERS) {
                    return deniedPreflight(policy, facts, origin, requestHeadersAttribute,
                            "the preflight asks for more than " + MAX_REQUESTED_HEADERS + " header names");
                }
                if (!ConfigLoader.isToken(name)) {
                    return deniedPreflight(policy, facts, origin, requestHeadersAttribute,
                            "requested header '" + Decision.printable(name) + "' is not a header name");
                }
                String lower = name.toLowerCase(Locale.ROOT);
                boolean allowed = policy.headers.contains(lower)
                        || (policy.anyHeader && !lower.equals("authorization"));
                if (!allowed) {
                    String why = lower.equals("authorization") && policy.anyHeader
                            ? "requested header 'authorization' must be listed by name; allowed-headers = * does"
                            + " not cover it"
                            : "requested header '" + lower + "' is not in allowed-headers ("
                            + (policy.config.allowedHeaders().isEmpty() ? "none"
                            : join(policy.config.allowedHeaders(), false)) + ")";
                    return deniedPreflight(policy, facts, origin, requestHeadersAttribute, why);
                }
                if (!names.contains(lower)) {
                    names.add(lower);
                }
            }
        }
        if (facts.privateNetworkRequested() && !policy.privateNetwork) {
            return deniedPreflight(policy, facts, origin, requestHeadersAttribute,
                    "the preflight asks for private network access and allow-private-network is false");
        }

        HeaderList headers = new HeaderList();
        headers.add(ALLOW_ORIGIN, policy.wildcardOrigin ? "*" : origin.text());
        if (policy.credentials) {
            headers.add(ALLOW_CREDENTIALS, "true");
        }
        // with '*' the requested method is echoed: under credentials a literal '*' would not count
        headers.add(ALLOW_METHODS, policy.anyMethod ? method : policy.allowMethodsValue);
        if (!names.isEmpty()) {
            headers.add(ALLOW_HEADERS, join(names, false));
        }
        if (policy.maxAgeValue != null) {
            headers.add(MAX_AGE, policy.maxAgeValue);
        }
        if (facts.privateNetworkRequested()) {
            headers.add(ALLOW_PRIVATE_NETWORK, "true");
        }
        ResponsePlan plan = new ResponsePlan(policy.preflightStatus, headers.names(), headers.values(),
                VARY_PREFLIGHT, true, Boolean.TRUE, origin.text(), RequestType.PRE_FLIGHT.attributeValue(),
                requestHeadersAttribute);
        String rule = originRule + ", method " + method + " is allowed"
                + (names.isEmpty() ? ", no headers requested" : ", every requested header is allowed");
        return new Result(Outcome.ALLOWED, RequestType.PRE_FLIGHT, policy.name, plan, origin.text(), facts, rule);
    }

    private Result deniedPreflight(Policy policy, RequestFacts facts, SerializedOrigin origin,
                                     String requestHeadersAttribute, String rule) {
        ResponsePlan plan = new ResponsePlan(403, null, null, VARY_PREFLIGHT, true, Boolean.TRUE, origin.text(),
                RequestType.PRE_FLIGHT.attributeValue(), requestHeadersAttribute);
        return new Result(Outcome.DENIED, RequestType.PRE_FLIGHT, policy.name, plan, origin.text(), facts,
                rule + "; answered 403 without Access-Control-* headers");
    }

    /** The raw {@code Access-Control-Request-Headers} lines as Tomcat's attribute holds them ("" when none). */
    private static String joinLines(List<String> lines) {
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

    private static String trimOws(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.substring(start, end);
    }

    /** The previous {@link SerializedOrigin#parse}, verbatim but for its result: text, scheme, host, port. */
    static String[] previousParse(String value) {
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
            return new String[] {"null", null, null, "-1"};
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
        return new String[] {value, scheme, host, String.valueOf(port)};
    }

    /** What the previous engine decided; {@link #reason} is the previous Decision's sentence. */
    static final class Result {
        final Outcome outcome;
        final RequestType requestType;
        final String policyName;
        final ResponsePlan plan;
        final String origin;
        final String reason;

        Result(Outcome outcome, RequestType requestType, String policyName, ResponsePlan plan, String origin,
               RequestFacts facts, String rule) {
            this.outcome = outcome;
            this.requestType = requestType;
            this.policyName = policyName;
            this.plan = plan;
            this.origin = origin;
            this.reason = reason(outcome, requestType, policyName, facts, rule);
        }

        private static String reason(Outcome outcome, RequestType requestType, String policyName, RequestFacts facts,
                                     String rule) {
            StringBuilder out = new StringBuilder();
            if (requestType == RequestType.PRE_FLIGHT) {
                out.append("preflight for ").append(Decision.printable(facts.requestMethod())).append(' ')
                        .append(Decision.printable(facts.path()));
            } else {
                out.append(Decision.printable(facts.method())).append(' ').append(Decision.printable(facts.path()));
            }
            if (facts.origins().isEmpty()) {
                out.append(" without Origin");
            } else if (facts.origins().size() == 1) {
                out.append(" from ").append(Decision.printable(facts.origins().get(0)));
            } else {
                out.append(" with ").append(facts.origins().size()).append(" Origin headers");
            }
            if (requestType == RequestType.PRE_FLIGHT && !facts.requestHeaderLines().isEmpty()) {
                out.append(" (headers: ");
                for (int i = 0; i < facts.requestHeaderLines().size(); i++) {
                    out.append(i > 0 ? ", " : "").append(Decision.printable(facts.requestHeaderLines().get(i)));
                }
                out.append(')');
            }
            out.append(": ");
            switch (outcome) {
                case ALLOWED: out.append("allowed"); break;
                case DENIED: out.append("denied"); break;
                default: out.append("passed through");
            }
            if (policyName != null) {
                out.append(" by policy '").append(policyName).append('\'');
            }
            out.append(": ").append(rule);
            return out.toString();
        }
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

    /** The previous compiled policy, reduced to what the procedure above reads. */
    static final class Policy {
        final PolicyConfig config;
        final String name;
        final PathPattern[] paths;
        final boolean anyOrigin;
        final boolean allowsNullOrigin;
        final Set<String> exactOrigins;
        final OriginPattern[] originPatterns;
        final boolean anyMethod;
        final Set<String> methods;
        final String allowMethodsValue;
        final boolean anyHeader;
        final Set<String> headers;
        final String exposeHeadersValue;
        final boolean credentials;
        final String maxAgeValue;
        final boolean privateNetwork;
        final int preflightStatus;
        final boolean wildcardOrigin;
        final ResponsePlan notCorsPlan;
        final ResponsePlan invalidPlan;
        final ResponsePlan invalidPreflightPlan;

        Policy(PolicyConfig config) {
            this.config = config;
            this.name = config.name();
            List<PathPattern> compiledPaths = new ArrayList<PathPattern>();
            for (String path : config.paths()) {
                compiledPaths.add(PathPattern.compile(path));
            }
            this.paths = compiledPaths.toArray(new PathPattern[0]);
            boolean any = false;
            boolean nullOrigin = false;
            Set<String> exact = new HashSet<String>();
            List<OriginPattern> patterns = new ArrayList<OriginPattern>();
            for (String origin : config.allowedOrigins()) {
                OriginPattern pattern = OriginPattern.parse(origin).pattern;
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
            this.exactOrigins = exact;
            this.originPatterns = patterns.toArray(new OriginPattern[0]);
            this.anyMethod = config.allowedMethods().contains("*");
            Set<String> methodSet = new HashSet<String>(config.allowedMethods());
            methodSet.remove("*");
            this.methods = methodSet;
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
            this.headers = headerSet;
            this.exposeHeadersValue = config.exposedHeaders().isEmpty() ? null : join(config.exposedHeaders(), false);
            this.credentials = config.allowCredentials();
            this.maxAgeValue = config.maxAge() == null ? null : config.maxAge().toString();
            this.privateNetwork = config.allowPrivateNetwork();
            this.preflightStatus = config.preflightStatus();
            this.wildcardOrigin = anyOrigin && !credentials;
            if (wildcardOrigin) {
                HeaderList wildcard = wildcardHeaders();
                this.notCorsPlan = new ResponsePlan(0, wildcard.names(), wildcard.values(), null, true, Boolean.FALSE,
                        null, RequestType.NOT_CORS.attributeValue(), null);
            } else {
                this.notCorsPlan = new ResponsePlan(0, null, null, VARY_ORIGIN, true, Boolean.FALSE, null,
                        RequestType.NOT_CORS.attributeValue(), null);
            }
            this.invalidPlan = new ResponsePlan(0, null, null, VARY_ORIGIN, true, Boolean.FALSE, null,
                    RequestType.INVALID_CORS.attributeValue(), null);
            this.invalidPreflightPlan = new ResponsePlan(403, null, null, VARY_PREFLIGHT, true, Boolean.FALSE,
                    null, RequestType.INVALID_CORS.attributeValue(), null);
        }

        HeaderList wildcardHeaders() {
            HeaderList list = new HeaderList();
            list.add(ALLOW_ORIGIN, "*");
            if (exposeHeadersValue != null) {
                list.add(EXPOSE_HEADERS, exposeHeadersValue);
            }
            return list;
        }

        boolean coversPath(String path) {
            for (PathPattern pattern : paths) {
                if (pattern.matches(path)) {
                    return true;
                }
            }
            return false;
        }

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
    }
}
