package dev.corsagent.engine;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.PathPattern;
import dev.corsagent.config.PolicyConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SPEC's "Behaviour" section (and DESIGN's "Engine and config: choices worth knowing") as a
 * checker: for any configuration and request facts, the decision and the exact response plan the
 * contract calls for, computed the plain way (split, trim, lists) and compared with the engine's.
 * Whether a configured entry admits an origin is {@link CorsEnginePropertiesTest#matches}, written
 * from the SPEC too; only the strict parsing of the request's Origin is left to
 * {@link SerializedOrigin} (pinned by its own property).
 */
final class CorsContract {
    static final String ACAO = "Access-Control-Allow-Origin";
    static final String ACAC = "Access-Control-Allow-Credentials";
    static final String ACAM = "Access-Control-Allow-Methods";
    static final String ACAH = "Access-Control-Allow-Headers";
    static final String ACEH = "Access-Control-Expose-Headers";
    static final String ACMA = "Access-Control-Max-Age";
    static final String ACAPN = "Access-Control-Allow-Private-Network";
    static final String VARY_PREFLIGHT = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
    static final String TAO = "Timing-Allow-Origin";
    /** RFC 9110 token: method and header names. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Map<String, PathPattern> PATHS = new ConcurrentHashMap<String, PathPattern>();

    private CorsContract() {
    }

    /** Asserts that {@code engine} decides {@code facts} as the contract says, through decide() and the hot path. */
    static void check(AgentConfig config, CorsEngine engine, RequestFacts facts, String context) {
        Decision decision = engine.decide(facts);
        checkDecision(config, facts, decision, context);
        List<String> origins = facts.origins();
        if (origins.isEmpty()) {
            assertSame(decision.plan(), engine.planWithoutOrigin(facts.method(), facts.path()), context);
        } else if (origins.size() == 1) {
            CorsEnginePropertiesTest.assertSamePlan(decision.plan(), engine.plan(facts.method(), facts.path(),
                    origins.get(0), facts.requestMethod(), CorsEngine.joinLines(facts.requestHeaderLines()),
                    facts.privateNetworkRequested(), facts.contentType()), context);
        }
    }

    private static void checkDecision(AgentConfig config, RequestFacts facts, Decision decision, String context) {
        ResponsePlan plan = decision.plan();
        String reason = decision.reason();
        assertNotNull(reason, context);
        PolicyConfig policy = policyFor(config, facts.path());
        List<String> origins = facts.origins();
        String origin = origins.size() == 1 ? origins.get(0) : null;
        boolean valid = origin != null && SerializedOrigin.parse(origin) != null;
        // SPEC 5: a well-formed serialized origin is printable ASCII scheme://host[:port] and nothing else
        assertTrue(!valid || CorsEnginePropertiesTest.wellFormed(origin), context);
        assertEquals(valid ? origin : null, decision.origin(), context);

        if (policy == null) { // SPEC 3: untouched except for Vary: Origin, app headers kept
            expect(plan, 0, none(), none(), "Origin", false, null, null, null, null, context);
            assertEquals(Outcome.PASS_THROUGH, decision.outcome(), context);
            assertNull(decision.policyName(), context);
            assertTrue(reason.contains("no policy covers the path"), context);
            return;
        }
        assertEquals(policy.name(), decision.policyName(), context);
        assertTrue(reason.contains("by policy '" + policy.name() + "'"), context);
        boolean wildcard = policy.allowedOrigins().contains("*") && !policy.allowCredentials();
        String expose = policy.exposedHeaders().isEmpty() ? null : String.join(", ", policy.exposedHeaders());
        // SPEC 9: Timing-Allow-Origin on every response of the policy's paths, whatever the decision
        String tao = timing(policy);
        String taoName = tao == null ? null : TAO;
        String preflightVary = preflightVary(policy);

        if (origins.isEmpty()) { // SPEC 2 (any origin: * everywhere, no Vary) and 3
            assertEquals(RequestType.NOT_CORS, decision.requestType(), context);
            assertEquals(Outcome.PASS_THROUGH, decision.outcome(), context);
            if (wildcard) {
                expect(plan, 0, names(ACAO, expose == null ? null : ACEH, taoName), values("*", expose, tao), null,
                        true, false, null, "not_cors", null, context);
            } else {
                expect(plan, 0, names(taoName), values(tao), "Origin", true, false, null, "not_cors", null, context);
            }
            return;
        }
        boolean preflightShaped = "OPTIONS".equals(facts.method()) && facts.requestMethod() != null
                && !facts.requestMethod().isEmpty();
        if (!valid || ("OPTIONS".equals(facts.method()) && "".equals(facts.requestMethod()))) {
            // SPEC 5: never granted, not even by *; a preflight is answered 403
            assertEquals(RequestType.INVALID_CORS, decision.requestType(), context);
            assertEquals(Outcome.DENIED, decision.outcome(), context);
            expect(plan, preflightShaped ? 403 : 0, names(taoName), values(tao), preflightShaped ? preflightVary : "Origin",
                    true, false, null, "invalid_cors", null, context);
            return;
        }
        boolean originAllowed = CorsEnginePropertiesTest.matches(policy.allowedOrigins(), origin);
        if (preflightShaped) {
            checkPreflight(policy, facts, decision, originAllowed, wildcard, taoName, tao, preflightVary, context);
            return;
        }
        // SPEC 2: actual requests always reach the app
        RequestType type = "GET".equals(facts.method()) || "HEAD".equals(facts.method())
                || ("POST".equals(facts.method()) && formContentType(facts.contentType()))
                ? RequestType.SIMPLE : RequestType.ACTUAL;
        assertEquals(type, decision.requestType(), context);
        String typeName = type.name().toLowerCase(Locale.ROOT);
        if (!originAllowed) {
            assertEquals(Outcome.DENIED, decision.outcome(), context);
            expect(plan, 0, names(taoName), values(tao), "Origin", true, true, origin, typeName, null, context);
        } else if (wildcard) {
            assertEquals(Outcome.ALLOWED, decision.outcome(), context);
            expect(plan, 0, names(ACAO, expose == null ? null : ACEH, taoName), values("*", expose, tao), null, true,
                    true, origin, typeName, null, context);
        } else {
            assertEquals(Outcome.ALLOWED, decision.outcome(), context);
            boolean credentials = policy.allowCredentials();
            expect(plan, 0, names(ACAO, credentials ? ACAC : null, expose == null ? null : ACEH, taoName),
                    values(origin, credentials ? "true" : null, expose, tao), "Origin", true, true, origin, typeName,
                    null, context);
        }
    }

    /** SPEC 1: a preflight is allowed only when origin, method and every requested header are. */
    private static void checkPreflight(PolicyConfig policy, RequestFacts facts, Decision decision,
                                       boolean originAllowed, boolean wildcard, String taoName, String tao,
                                       String preflightVary, String context) {
        assertEquals(RequestType.PRE_FLIGHT, decision.requestType(), context);
        String method = facts.requestMethod();
        boolean anyMethod = policy.allowedMethods().contains("*");
        boolean methodAllowed = TOKEN.matcher(method).matches()
                && !Arrays.asList("CONNECT", "TRACE", "TRACK").contains(method.toUpperCase(Locale.ROOT))
                && (anyMethod || policy.allowedMethods().contains(method)); // case-sensitive
        List<String> requested = new ArrayList<String>();
        int empty = 0;
        for (String line : facts.requestHeaderLines()) {
            if (line == null) {
                continue;
            }
            for (String item : line.split(",", -1)) {
                String name = trimOws(item);
                if (!name.isEmpty()) {
                    requested.add(name);
                } else {
                    empty++;
                }
            }
        }
        // SPEC 1: more than 64 names, or more than 16 empty items in all, is denied
        boolean headersAllowed = requested.size() <= CorsEngine.MAX_REQUESTED_HEADERS
                && empty <= CorsEngine.MAX_EMPTY_HEADER_ITEMS;
        Set<String> distinct = new LinkedHashSet<String>();
        for (String name : requested) {
            headersAllowed &= TOKEN.matcher(name).matches() && headerAllowed(policy.allowedHeaders(), name);
            distinct.add(name.toLowerCase(Locale.ROOT));
        }
        boolean privateNetworkAllowed = !facts.privateNetworkRequested() || policy.allowPrivateNetwork();
        String requestHeaders = CorsEngine.joinLines(facts.requestHeaderLines());
        String origin = facts.origins().get(0);
        if (!(originAllowed && methodAllowed && headersAllowed && privateNetworkAllowed)) {
            assertEquals(Outcome.DENIED, decision.outcome(), context);
            expect(decision.plan(), 403, names(taoName), values(tao), preflightVary, true, true, origin, "pre_flight",
                    requestHeaders, context);
            assertTrue(decision.reason().contains("answered 403"), context);
            return;
        }
        assertEquals(Outcome.ALLOWED, decision.outcome(), context);
        boolean credentials = policy.allowCredentials();
        String allowHeaders = distinct.isEmpty() ? null : String.join(", ", distinct);
        String maxAge = policy.maxAge() == null ? null : policy.maxAge().toString();
        String privateNetwork = facts.privateNetworkRequested() ? "true" : null;
        expect(decision.plan(), policy.preflightStatus(),
                names(ACAO, credentials ? ACAC : null, ACAM, allowHeaders == null ? null : ACAH,
                        maxAge == null ? null : ACMA, privateNetwork == null ? null : ACAPN, taoName),
                values(wildcard ? "*" : origin, credentials ? "true" : null,
                        anyMethod ? method : String.join(", ", policy.allowedMethods()), allowHeaders, maxAge,
                        privateNetwork, tao),
                preflightVary, true, true, origin, "pre_flight", requestHeaders, context);
    }

    /** SPEC 9: the configured entries as one list value, or null when the key is not set. */
    static String timing(PolicyConfig policy) {
        return policy.timingAllowOrigin().isEmpty() ? null : String.join(", ", policy.timingAllowOrigin());
    }

    /** SPEC 1: with allow-private-network the preflight Vary also names Access-Control-Request-Private-Network. */
    static String preflightVary(PolicyConfig policy) {
        return policy.allowPrivateNetwork() ? VARY_PREFLIGHT + ", Access-Control-Request-Private-Network"
                : VARY_PREFLIGHT;
    }

    /** SPEC 1: names compare case-insensitively; * covers all but Authorization, which must be listed. */
    static boolean headerAllowed(List<String> allowed, String name) {
        for (String entry : allowed) {
            if (entry.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return allowed.contains("*") && !name.equalsIgnoreCase("authorization");
    }

    /** DESIGN: no Content-Type, or a media type a form can send (before ';', trimmed, any case). */
    private static boolean formContentType(String contentType) {
        if (contentType == null) {
            return true;
        }
        String media = contentType.split(";", -1)[0].trim().toLowerCase(Locale.ROOT);
        return Arrays.asList("application/x-www-form-urlencoded", "multipart/form-data", "text/plain").contains(media);
    }

    private static PolicyConfig policyFor(AgentConfig config, String path) {
        for (PolicyConfig policy : config.policies()) {
            for (String pattern : policy.paths()) {
                if (PATHS.computeIfAbsent(pattern, PathPattern::compile).matches(path)) {
                    return policy;
                }
            }
        }
        return null;
    }

    private static void expect(ResponsePlan plan, int status, String[] names, String[] values, String vary,
                               boolean owns, Boolean isCors, String origin, String type, String requestHeaders,
                               String context) {
        assertEquals(status, plan.answerStatus, context);
        assertArrayEquals(names, plan.headerNames, context);
        assertArrayEquals(values, plan.headerValues, context);
        assertEquals(vary, plan.vary, context);
        assertEquals(owns, plan.ownsCorsHeaders, context);
        assertEquals(isCors, plan.isCorsRequest, context);
        assertEquals(origin, plan.origin, context);
        assertEquals(type, plan.requestType, context);
        assertEquals(requestHeaders, plan.requestHeaders, context);
        // SPEC 4: the policy is the only source of CORS headers, so none comes twice
        assertEquals(new LinkedHashSet<String>(Arrays.asList(plan.headerNames)).size(), plan.headerNames.length,
                context);
    }

    /** Optional white space (space, tab) off both ends, as header list items are read. */
    private static String trimOws(String item) {
        int start = 0;
        int end = item.length();
        while (start < end && (item.charAt(start) == ' ' || item.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (item.charAt(end - 1) == ' ' || item.charAt(end - 1) == '\t')) {
            end--;
        }
        return item.substring(start, end);
    }

    private static String[] none() {
        return new String[0];
    }

    /** The non-null names, in order. */
    private static String[] names(String... names) {
        return values(names);
    }

    private static String[] values(String... values) {
        List<String> present = new ArrayList<String>();
        for (String value : values) {
            if (value != null) {
                present.add(value);
            }
        }
        return present.toArray(new String[0]);
    }
}
