package dev.corsagent.engine;

import java.util.Locale;

/**
 * What one step of the engine concluded: a constant, so that deciding builds no text. The rule
 * sentence is rendered by {@link #rule} only when {@link Decision#reason()} is asked for; the
 * details it names (the refused header, the matching pattern) are found again from the request
 * facts then, by the same steps.
 */
enum Verdict {
    /** No policy covers the path. */
    UNCOVERED(Outcome.PASS_THROUGH),
    /** No Origin: not a CORS request. */
    NOT_CORS(Outcome.PASS_THROUGH),

    // step 1, classify: INVALID_CORS
    SEVERAL_ORIGINS(Outcome.DENIED),
    MALFORMED_ORIGIN(Outcome.DENIED),
    EMPTY_REQUEST_METHOD(Outcome.DENIED),
    // step 2, origin
    ORIGIN_NOT_ALLOWED(Outcome.DENIED),
    // step 3, method (preflight)
    METHOD_NOT_A_TOKEN(Outcome.DENIED),
    METHOD_FORBIDDEN(Outcome.DENIED),
    METHOD_NOT_ALLOWED(Outcome.DENIED),
    // step 4, requested headers (preflight)
    TOO_MANY_HEADERS(Outcome.DENIED),
    TOO_MANY_EMPTY_HEADER_ITEMS(Outcome.DENIED),
    HEADER_NOT_A_TOKEN(Outcome.DENIED),
    HEADER_NOT_ALLOWED(Outcome.DENIED),
    PRIVATE_NETWORK_NOT_ALLOWED(Outcome.DENIED),
    // step 5, grant
    ALLOWED(Outcome.ALLOWED);

    final Outcome outcome;

    Verdict(Outcome outcome) {
        this.outcome = outcome;
    }

    /** The rule part of the reason: what decided, and what the response therefore carries. */
    String rule(CompiledPolicy policy, RequestType type, RequestFacts facts) {
        String method = facts.requestMethod();
        switch (this) {
            case UNCOVERED:
                return "no policy covers the path; only Vary: Origin is added";
            case NOT_CORS:
                return policy.wildcardOrigin
                        ? "not a CORS request; an any-origin policy without credentials sends"
                        + " Access-Control-Allow-Origin: * on every response"
                        : "not a CORS request (no Origin); only Vary: Origin is added";
            case SEVERAL_ORIGINS:
                return invalid(facts, "the request has " + facts.origins().size()
                        + " Origin headers; a request carries exactly one");
            case MALFORMED_ORIGIN:
                return invalid(facts, "the Origin is not a well-formed serialized origin"
                        + " (lower-case scheme://host[:port], no default port, path or trailing slash)");
            case EMPTY_REQUEST_METHOD:
                return invalid(facts, "Access-Control-Request-Method is empty");
            case ORIGIN_NOT_ALLOWED:
                return type == RequestType.PRE_FLIGHT ? refused("the origin is not in allowed-origins")
                        : "the origin is not in allowed-origins; no Access-Control-* header, the browser"
                        + " withholds the response";
            case METHOD_NOT_A_TOKEN:
                return refused("Access-Control-Request-Method is not a method name");
            case METHOD_FORBIDDEN:
                return refused("method " + method + " is forbidden cross-origin");
            case METHOD_NOT_ALLOWED:
                return refused("method " + method + " is not in allowed-methods (" + policy.allowMethodsValue + ")");
            case TOO_MANY_HEADERS:
                return refused("the preflight asks for more than " + CorsEngine.MAX_REQUESTED_HEADERS
                        + " header names");
            case TOO_MANY_EMPTY_HEADER_ITEMS:
                return refused("the preflight's Access-Control-Request-Headers lines hold more than "
                        + CorsEngine.MAX_EMPTY_HEADER_ITEMS + " empty items (no browser sends that)");
            case HEADER_NOT_A_TOKEN:
                return refused("requested header '" + Decision.printable(refusedHeader(policy, facts))
                        + "' is not a header name");
            case HEADER_NOT_ALLOWED: {
                String lower = refusedHeader(policy, facts).toLowerCase(Locale.ROOT);
                return refused(lower.equals("authorization") && policy.anyHeader
                        ? "requested header 'authorization' must be listed by name; allowed-headers = * does not"
                        + " cover it"
                        : "requested header '" + lower + "' is not in allowed-headers (" + policy.allowedHeadersText
                        + ")");
            }
            case PRIVATE_NETWORK_NOT_ALLOWED:
                return refused("the preflight asks for private network access and allow-private-network is false");
            case ALLOWED: {
                String originRule = policy.originRule(SerializedOrigin.parse(facts.origins().get(0)));
                if (type != RequestType.PRE_FLIGHT) {
                    return originRule;
                }
                boolean named = HeaderTokens.allowList(CorsEngine.joinLines(facts.requestHeaderLines())) != null;
                return originRule + ", method " + method + " is allowed"
                        + (named ? ", every requested header is allowed" : ", no headers requested");
            }
            default:
                throw new AssertionError(this); // every constant has its case above
        }
    }

    private static String invalid(RequestFacts facts, String rule) {
        return rule + (CorsEngine.isPreflightShaped(facts.method(), facts.requestMethod())
                ? "; preflight answered 403" : "; no Access-Control-* header");
    }

    private static String refused(String rule) {
        return rule + "; answered 403 without Access-Control-* headers";
    }

    /** The requested name the header step stopped at, found by running that step again. */
    private static String refusedHeader(CompiledPolicy policy, RequestFacts facts) {
        HeaderTokens names = new HeaderTokens(CorsEngine.joinLines(facts.requestHeaderLines()));
        CorsEngine.requestedHeaders(policy, names);
        return names.name();
    }
}
