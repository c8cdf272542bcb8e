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

    /** Decides one request. Never throws on any request input. */
    public Decision decide(RequestFacts facts) {
        CompiledPolicy policy = policyFor(facts.path());
        List<String> origins = facts.origins();
        SerializedOrigin origin = origins.size() == 1 ? SerializedOrigin.parse(origins.get(0)) : null;
        String validOrigin = origin == null ? null : origin.text();
        RequestType type = classify(facts, origin);
        if (policy == null) {
            return new Decision(Outcome.PASS_THROUGH, type, null, UNCOVERED_PLAN, validOrigin, facts,
                    "no policy covers the path; only Vary: Origin is added");
        }
        if (origins.isEmpty()) {
            return new Decision(Outcome.PASS_THROUGH, type, policy.name, policy.notCorsPlan, null, facts,
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
            return new Decision(Outcome.DENIED, type, policy.name,
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

    private Decision decideActual(CompiledPolicy policy, RequestFacts facts, RequestType type,
                                  SerializedOrigin origin, String originRule) {
        String typeName = type.attributeValue();
        if (originRule == null) {
            ResponsePlan plan = new ResponsePlan(0, null, null, VARY_ORIGIN, true, Boolean.TRUE, origin.text(),
                    typeName, null);
            return new Decision(Outcome.DENIED, type, policy.name, plan, origin.text(), facts,
                    "the origin is not in allowed-origins; no Access-Control-* header, the browser withholds"
                            + " the response");
        }
        CompiledPolicy.HeaderList headers;
        String vary;
        if (policy.wildcardOrigin) {
            headers = policy.wildcardHeaders();
            vary = null; // the answer is the same for every origin: caches need no Vary: Origin
        } else {
            headers = new CompiledPolicy.HeaderList();
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
        return new Decision(Outcome.ALLOWED, type, policy.name, plan, origin.text(), facts, originRule);
    }

    private Decision decidePreflight(CompiledPolicy policy, RequestFacts facts, SerializedOrigin origin,
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
                            : CompiledPolicy.join(policy.config.allowedHeaders(), false)) + ")";
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

        CompiledPolicy.HeaderList headers = new CompiledPolicy.HeaderList();
        headers.add(ALLOW_ORIGIN, policy.wildcardOrigin ? "*" : origin.text());
        if (policy.credentials) {
            headers.add(ALLOW_CREDENTIALS, "true");
        }
        // with '*' the requested method is echoed: under credentials a literal '*' would not count
        headers.add(ALLOW_METHODS, policy.anyMethod ? method : policy.allowMethodsValue);
        if (!names.isEmpty()) {
            headers.add(ALLOW_HEADERS, CompiledPolicy.join(names, false));
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
        return new Decision(Outcome.ALLOWED, RequestType.PRE_FLIGHT, policy.name, plan, origin.text(), facts, rule);
    }

    private Decision deniedPreflight(CompiledPolicy policy, RequestFacts facts, SerializedOrigin origin,
                                     String requestHeadersAttribute, String rule) {
        ResponsePlan plan = new ResponsePlan(403, null, null, VARY_PREFLIGHT, true, Boolean.TRUE, origin.text(),
                RequestType.PRE_FLIGHT.attributeValue(), requestHeadersAttribute);
        return new Decision(Outcome.DENIED, RequestType.PRE_FLIGHT, policy.name, plan, origin.text(), facts,
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
}
