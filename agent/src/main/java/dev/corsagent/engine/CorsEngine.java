package dev.corsagent.engine;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.Mode;
import dev.corsagent.config.PolicyConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The server side of the Fetch standard's CORS protocol (https://fetch.spec.whatwg.org/), compiled
 * from one {@link AgentConfig}. Immutable and thread-safe: on reload the whole engine is replaced.
 * No servlet types, no logging, no I/O.
 *
 * <p>A request goes through the steps in order: classify it, check its origin, and for a
 * preflight its method and requested headers; each step's {@link Verdict} is a constant, and the
 * last step, grant, turns the verdict into the policy's {@link PlanTemplate} answer. Section
 * numbers below are those of the living standard at the time of writing; the names are stable.
 *
 * <p>Hot path: {@link #planWithoutOrigin(String, String)} answers the common request without an
 * {@code Origin} header with a shared plan and allocates nothing; {@link #plan} takes the same
 * steps as {@link #decide(RequestFacts)} without building a {@link Decision}.
 */
public final class CorsEngine {
    /** A preflight asking for more header names than this is denied. */
    public static final int MAX_REQUESTED_HEADERS = 64;
    /** A preflight whose request-header lines hold more empty items than this, in all, is denied (SPEC rule 1). */
    public static final int MAX_EMPTY_HEADER_ITEMS = 16;

    private final AgentConfig config;
    private final CompiledPolicy[] policies;
    private final DecisionStats stats;
    private final boolean protects;

    private CorsEngine(AgentConfig config, CompiledPolicy[] policies, DecisionStats stats) {
        this.config = config;
        this.policies = policies;
        this.stats = stats;
        boolean any = false;
        for (CompiledPolicy policy : policies) {
            any |= policy.protection != Mode.OFF;
        }
        this.protects = any;
    }

    /** Builds the lookup structures once, counting into a fresh {@link DecisionStats} (the {@code check} command, tests). */
    public static CorsEngine compile(AgentConfig config) {
        return compile(config, new DecisionStats());
    }

    /**
     * Builds the lookup structures once. {@code config} must come from a valid {@link ConfigLoader}
     * result; decisions are counted into {@code stats}, which the agent keeps across reloads.
     */
    public static CorsEngine compile(AgentConfig config, DecisionStats stats) {
        List<CompiledPolicy> compiled = new ArrayList<CompiledPolicy>();
        for (PolicyConfig policy : config.policies()) {
            compiled.add(new CompiledPolicy(policy, stats.policy(policy.name())));
        }
        return new CorsEngine(config, compiled.toArray(new CompiledPolicy[0]), stats);
    }

    public DecisionStats stats() {
        return stats;
    }

    /** Counts a Access-Control-* header the app set on a covered path and the agent dropped. */
    public void countDroppedHeader(String path) {
        CompiledPolicy policy = policyFor(path == null ? "" : path);
        if (policy != null) {
            policy.counters.appHeadersDropped.increment();
        }
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

    /** Whether any policy has cross-origin protection on: only then do the advice read its headers. */
    public boolean protects() {
        return protects;
    }

    /**
     * Cross-origin protection (SPEC rules 7 and 8) for a request: null when it passes, the path is
     * not covered or its policy does not protect; otherwise what refuses it. Decided before CORS,
     * and before the app and container authentication, as a preflight is.
     *
     * @param origin the first Origin line, null when none; {@code severalOrigins}: more than one came
     */
    public ProtectionDecision protect(String method, String path, String origin, boolean severalOrigins,
                                      String fetchSite, String upgrade, String host, String scheme) {
        CompiledPolicy policy = policyFor(path == null ? "" : path);
        if (policy == null || policy.protection == Mode.OFF) {
            return null;
        }
        CrossOriginProtection.Refusal refusal = CrossOriginProtection.check(policy, method, origin, severalOrigins,
                fetchSite, upgrade, host, scheme);
        if (refusal == null) {
            return null;
        }
        policy.counters.crossOriginRefused.increment();
        return new ProtectionDecision(refusal, policy, method, path, origin, fetchSite, host, scheme);
    }

    /**
     * The plan for a request without an {@code Origin} header: a shared constant, no allocation.
     * Same plan as {@code decide(RequestFacts.withoutOrigin(method, path)).plan()}.
     */
    public ResponsePlan planWithoutOrigin(String method, String path) {
        CompiledPolicy policy = policyFor(path);
        if (policy == null) {
            return PlanTemplate.UNCOVERED;
        }
        policy.counters.withoutOrigin.increment();
        return policy.plans.notCors;
    }

    /**
     * The plan for a request with exactly one {@code Origin} line: the hot path the agent takes when
     * no decision is logged. Same plan as {@link #decide(RequestFacts)} with those facts (the header
     * lines joined with {@code ,}), without building a {@link Decision}: an allowed actual request
     * from an exact origin gets a plan made at compile time and allocates nothing.
     *
     * @param requestHeaders the {@code Access-Control-Request-Headers} lines joined with {@code ,};
     *                       null or empty when there are none
     */
    public ResponsePlan plan(String method, String path, String origin, String requestMethod,
                             String requestHeaders, boolean privateNetworkRequested, String contentType) {
        CompiledPolicy policy = policyFor(path == null ? "" : path);
        if (policy == null) {
            return PlanTemplate.UNCOVERED;
        }
        String headers = requestHeaders == null ? "" : requestHeaders;
        if (method == null) {
            method = "";
        }
        // an exact origin the policy lists is well-formed: looked up first, it needs no parsing
        PlanTemplate.Exact exact = policy.plans.exact(origin);
        SerializedOrigin parsed = exact == null ? SerializedOrigin.parse(origin) : null;
        boolean valid = exact != null || parsed != null;
        RequestType type = classify(method, valid, requestMethod, contentType);
        Verdict verdict = judge(policy, type, 1, valid, exact != null || allows(policy, parsed), requestMethod,
                headers, privateNetworkRequested);
        ResponsePlan plan = grant(policy, verdict, type, method, origin, exact, requestMethod, headers,
                privateNetworkRequested);
        policy.counters.count(type, verdict, isPreflightShaped(method, requestMethod));
        if (verdict.outcome == Outcome.DENIED) { // rare: the facts are kept for the reason, rendered when read
            stats.denials().add(new Decision(verdict, type, policy, plan, valid ? origin : null,
                    new RequestFacts(method, path, Collections.singletonList(origin), requestMethod,
                            headers.isEmpty() ? Collections.<String>emptyList() : Collections.singletonList(headers),
                            privateNetworkRequested, contentType)));
        }
        return plan;
    }

    /** Decides one request; its reason is rendered only when asked for. Never throws on any request input. */
    public Decision decide(RequestFacts facts) {
        CompiledPolicy policy = policyFor(facts.path());
        List<String> origins = facts.origins();
        if (origins.isEmpty()) {
            if (policy == null) {
                return new Decision(Verdict.UNCOVERED, RequestType.NOT_CORS, null, PlanTemplate.UNCOVERED, null, facts);
            }
            policy.counters.withoutOrigin.increment();
            return new Decision(Verdict.NOT_CORS, RequestType.NOT_CORS, policy, policy.plans.notCors, null, facts);
        }
        String origin = origins.get(0);
        PlanTemplate.Exact exact = policy == null || origins.size() > 1 ? null : policy.plans.exact(origin);
        SerializedOrigin parsed = exact == null && origins.size() == 1 ? SerializedOrigin.parse(origin) : null;
        boolean valid = exact != null || parsed != null;
        RequestType type = classify(facts.method(), valid, facts.requestMethod(), facts.contentType());
        String validOrigin = valid ? origin : null;
        if (policy == null) {
            return new Decision(Verdict.UNCOVERED, type, null, PlanTemplate.UNCOVERED, validOrigin, facts);
        }
        String headers = joinLines(facts.requestHeaderLines());
        Verdict verdict = judge(policy, type, origins.size(), valid, exact != null || allows(policy, parsed),
                facts.requestMethod(), headers, facts.privateNetworkRequested());
        ResponsePlan plan = grant(policy, verdict, type, facts.method(), origin, exact, facts.requestMethod(),
                headers, facts.privateNetworkRequested());
        Decision decision = new Decision(verdict, type, policy, plan, validOrigin, facts);
        policy.counters.count(type, verdict, isPreflightShaped(facts.method(), facts.requestMethod()));
        if (verdict.outcome == Outcome.DENIED) {
            stats.denials().add(decision);
        }
        return decision;
    }

    // ---- step 1: classify ------------------------------------------------------------------

    /**
     * Fetch §3.3.2 "HTTP requests": a CORS request carries {@code Origin}; a CORS-preflight request
     * is an OPTIONS with {@code Access-Control-Request-Method}. Beyond that, Tomcat's CorsFilter
     * classification, minus its same-origin check (the engine does not see the Host).
     * {@code validOrigin}: exactly one well-formed Origin.
     */
    static RequestType classify(String method, boolean validOrigin, String requestMethod, String contentType) {
        if (!validOrigin) { // also when there are several Origin headers
            return RequestType.INVALID_CORS;
        }
        if ("OPTIONS".equals(method) && requestMethod != null) {
            return requestMethod.isEmpty() ? RequestType.INVALID_CORS : RequestType.PRE_FLIGHT;
        }
        // Fetch §2.2.1 "Methods": GET, HEAD and POST are the CORS-safelisted methods
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return RequestType.SIMPLE;
        }
        if ("POST".equals(method)) {
            return SafelistedContentType.isSafelisted(contentType) ? RequestType.SIMPLE : RequestType.ACTUAL;
        }
        return RequestType.ACTUAL;
    }

    /** OPTIONS with a non-empty Access-Control-Request-Method: answered now, even when invalid (403). */
    static boolean isPreflightShaped(String method, String requestMethod) {
        return "OPTIONS".equals(method) && requestMethod != null && !requestMethod.isEmpty();
    }

    // ---- steps 2 to 4: origin, method, requested headers -----------------------------------

    /**
     * The verdict of steps 1 to 4 on a request of {@code type} with {@code originCount} (at least
     * one) Origin lines, the first {@code originValid} (well-formed, and the only one) and
     * {@code originAllowed} by the policy.
     */
    private static Verdict judge(CompiledPolicy policy, RequestType type, int originCount, boolean originValid,
                                 boolean originAllowed, String requestMethod, String requestHeaders,
                                 boolean privateNetworkRequested) {
        if (type == RequestType.INVALID_CORS) { // step 1 refused it
            return originCount > 1 ? Verdict.SEVERAL_ORIGINS
                    : !originValid ? Verdict.MALFORMED_ORIGIN : Verdict.EMPTY_REQUEST_METHOD;
        }
        if (!originAllowed) {
            return Verdict.ORIGIN_NOT_ALLOWED;
        }
        if (type != RequestType.PRE_FLIGHT) {
            return Verdict.ALLOWED;
        }
        Verdict refused = requestedMethod(policy, requestMethod);
        if (refused == null) {
            refused = requestedHeaders(policy, new HeaderTokens(requestHeaders));
        }
        // not Fetch: Private Network Access (WICG), a preflight asking for it must be granted by name
        if (refused == null && privateNetworkRequested && !policy.privateNetwork) {
            refused = Verdict.PRIVATE_NETWORK_NOT_ALLOWED;
        }
        return refused == null ? Verdict.ALLOWED : refused;
    }

    /**
     * Step 2, Fetch §3.2 "`Origin` header" and §4.10 "CORS check": the browser shares the response
     * only when Access-Control-Allow-Origin is {@code *} or the request's origin byte for byte, so
     * the origin is matched on its serialization. {@code origin} null: not well-formed.
     */
    private static boolean allows(CompiledPolicy policy, SerializedOrigin origin) {
        return origin != null && policy.allows(origin);
    }

    /**
     * Step 3, Fetch §4.8 "CORS-preflight fetch": the browser goes on only when the requested method
     * is in Access-Control-Allow-Methods; and §2.2.1 "Methods": CONNECT, TRACE and TRACK are
     * forbidden methods, never granted. Null: allowed.
     */
    static Verdict requestedMethod(CompiledPolicy policy, String method) {
        if (!ConfigLoader.isToken(method)) {
            return Verdict.METHOD_NOT_A_TOKEN;
        }
        // a token is ASCII: equalsIgnoreCase is a byte-case-insensitive match
        if (method.equalsIgnoreCase("CONNECT") || method.equalsIgnoreCase("TRACE")
                || method.equalsIgnoreCase("TRACK")) {
            return Verdict.METHOD_FORBIDDEN;
        }
        return policy.allowsMethod(method) ? null : Verdict.METHOD_NOT_ALLOWED;
    }

    /**
     * Step 4, Fetch §4.8 "CORS-preflight fetch": the browser goes on only when every header name
     * it would send is in Access-Control-Allow-Headers, so one name not allowed denies the whole
     * preflight. Names are tokens, compared case-insensitively. Null: allowed; otherwise
     * {@code names} stays on the name that was refused.
     */
    static Verdict requestedHeaders(CompiledPolicy policy, HeaderTokens names) {
        int requested = 0;
        int empty = 0;
        while (names.next()) {
            if (names.isEmpty()) {
                // "a,,b" or many empty lines: not what a browser sends, and work for nothing
                if (++empty > MAX_EMPTY_HEADER_ITEMS) {
                    return Verdict.TOO_MANY_EMPTY_HEADER_ITEMS;
                }
                continue;
            }
            if (++requested > MAX_REQUESTED_HEADERS) {
                return Verdict.TOO_MANY_HEADERS;
            }
            if (!ConfigLoader.isToken(names.line(), names.start(), names.end())) {
                return Verdict.HEADER_NOT_A_TOKEN;
            }
            if (!policy.allowsHeader(names.line(), names.start(), names.end())) {
                return Verdict.HEADER_NOT_ALLOWED;
            }
        }
        return null;
    }

    // ---- step 5: grant ---------------------------------------------------------------------

    /**
     * Fetch §3.3.3 "HTTP responses": the answer the verdict calls for, from the policy's template.
     * {@code exact}: the ready plans of an exact origin the policy lists, else null.
     */
    private static ResponsePlan grant(CompiledPolicy policy, Verdict verdict, RequestType type, String method,
                                      String origin, PlanTemplate.Exact exact, String requestMethod,
                                      String requestHeaders, boolean privateNetworkRequested) {
        PlanTemplate plans = policy.plans;
        if (type == RequestType.INVALID_CORS) {
            return isPreflightShaped(method, requestMethod) ? plans.invalidPreflight : plans.invalid;
        }
        if (type == RequestType.PRE_FLIGHT) {
            return verdict != Verdict.ALLOWED ? plans.deniedPreflight(origin, requestHeaders)
                    : plans.preflight(origin, requestMethod, HeaderTokens.allowList(requestHeaders),
                    privateNetworkRequested, requestHeaders);
        }
        if (verdict != Verdict.ALLOWED) {
            return plans.deniedActual(origin, type);
        }
        return exact != null ? exact.plan(type) : plans.actual(origin, type);
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
