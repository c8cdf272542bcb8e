package dev.corsagent.engine;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.PolicyConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every answer one policy can give, laid out once at compile time: which headers it carries, in
 * which order, and where each value comes from (Fetch, "CORS protocol" > "HTTP responses",
 * §3.3.3). A request fills in only its own origin, method and header names; the name arrays, the
 * fixed values and the constant plans are shared between requests and never written.
 */
final class PlanTemplate {
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
    static final String MAX_AGE = "Access-Control-Max-Age";
    static final String ALLOW_PRIVATE_NETWORK = "Access-Control-Allow-Private-Network";
    /** Resource Timing (Fetch "TAO check"): not a CORS header, sent on every answer of the policy. */
    static final String TIMING_ALLOW_ORIGIN = "Timing-Allow-Origin";

    static final String VARY_ORIGIN = "Origin";
    static final String VARY_PREFLIGHT = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
    /** The preflight Vary of a policy that answers Private Network Access requests (as rs/cors does). */
    static final String VARY_PREFLIGHT_PRIVATE_NETWORK = VARY_PREFLIGHT + ", Access-Control-Request-Private-Network";

    static final String VARY_PROTECTION = "Origin, Sec-Fetch-Site";

    /** Paths no policy covers: untouched except for {@code Vary: Origin}; app headers stay. */
    static final ResponsePlan UNCOVERED = new ResponsePlan(0, null, null, VARY_ORIGIN, false, null, null, null,
            null);

    /** Where a header's value comes from. */
    private enum Source {
        /** The policy's own text. */
        FIXED,
        /** The request's Origin, echoed: the browser compares it byte for byte (Fetch §4.10 "CORS check"). */
        ORIGIN,
        /** The requested method. */
        METHOD,
        /** The requested header names; the header is sent only when some were requested. */
        REQUESTED_HEADERS,
        /** "true"; the header is sent only when the preflight asked for private network access. */
        PRIVATE_NETWORK
    }

    private static final class Header {
        final String name;
        final Source source;
        final String fixed;

        Header(String name, Source source, String fixed) {
            this.name = name;
            this.source = source;
            this.fixed = fixed;
        }

        boolean sent(boolean headersRequested, boolean privateNetwork) {
            return source == Source.REQUESTED_HEADERS ? headersRequested
                    : source != Source.PRIVATE_NETWORK || privateNetwork;
        }

        String value(String origin, String method, String allowHeaders) {
            switch (source) {
                case ORIGIN: return origin;
                case METHOD: return method;
                case REQUESTED_HEADERS: return allowHeaders;
                default: return fixed;
            }
        }
    }

    /** An actual request from an any-origin policy without credentials: {@code *}, the same for everyone. */
    private final boolean wildcard;
    private final Header[] actual;
    private final String[] actualNames;
    /** The actual-request values of a {@link #wildcard} policy: nothing in them depends on the request. */
    private final String[] wildcardValues;
    private final Header[] preflight;
    /** Preflight header names by {@link #shape}: whether allow-headers and allow-private-network are sent. */
    private final String[][] preflightNames = new String[4][];
    private final int preflightStatus;
    /** The preflight Vary: names Access-Control-Request-Private-Network when the policy answers it. */
    private final String preflightVary;
    /**
     * The headers of an answer that grants nothing (no Origin, a denied or malformed one): only
     * Timing-Allow-Origin, which does not depend on the CORS decision; empty when it is not set.
     */
    private final String[] ungrantedNames;
    private final String[] ungrantedValues;
    /** Exact origins that are themselves well-formed serialized origins, with their ready actual plans. */
    private final Map<String, Exact> exact;

    final ResponsePlan notCors;
    /** A malformed or repeated Origin: never granted; the answer differs by Origin, so Vary says so. */
    final ResponsePlan invalid;
    final ResponsePlan invalidPreflight;
    /**
     * A request cross-origin protection refuses (SPEC rules 7 and 8): answered 403 before the app,
     * no grant; the answer depends on Origin and Sec-Fetch-Site. Sets no cors.* attribute: nothing of
     * the app runs.
     */
    final ResponsePlan protectionRefused;

    /** The ready plans of one exact origin: simple and actual differ only in {@code cors.request.type}. */
    static final class Exact {
        private final ResponsePlan simple;
        private final ResponsePlan actual;

        Exact(ResponsePlan simple, ResponsePlan actual) {
            this.simple = simple;
            this.actual = actual;
        }

        ResponsePlan plan(RequestType type) {
            return type == RequestType.SIMPLE ? simple : actual;
        }
    }

    PlanTemplate(PolicyConfig config, boolean wildcard, boolean anyMethod, String allowMethodsValue,
                 Set<String> exactOrigins) {
        this.wildcard = wildcard;
        boolean credentials = config.allowCredentials();
        String expose = config.exposedHeaders().isEmpty() ? null : String.join(", ", config.exposedHeaders());
        // Fetch §4.10 "CORS check": ACAO is * or the origin itself; under credentials the origin and ACAC "true"
        Header allowOrigin = wildcard ? new Header(ALLOW_ORIGIN, Source.FIXED, "*")
                : new Header(ALLOW_ORIGIN, Source.ORIGIN, null);
        Header allowCredentials = credentials ? new Header(ALLOW_CREDENTIALS, Source.FIXED, "true") : null;
        // SPEC rule 9: the same value on every response of the policy's paths, whatever the decision
        Header timing = config.timingAllowOrigin().isEmpty() ? null
                : new Header(TIMING_ALLOW_ORIGIN, Source.FIXED, String.join(", ", config.timingAllowOrigin()));
        this.ungrantedNames = timing == null ? null : new String[] {TIMING_ALLOW_ORIGIN};
        this.ungrantedValues = timing == null ? null : new String[] {timing.fixed};

        List<Header> actualList = new ArrayList<Header>();
        actualList.add(allowOrigin);
        addIf(actualList, allowCredentials);
        addIf(actualList, expose == null ? null : new Header(EXPOSE_HEADERS, Source.FIXED, expose));
        addIf(actualList, timing);
        this.actual = actualList.toArray(new Header[0]);
        this.actualNames = names(actual, false, false);
        this.wildcardValues = wildcard ? values(actual, actualNames.length, null, null, null, false) : null;

        // Fetch §4.8 "CORS-preflight fetch" reads these; with allowed-methods = * the requested method is
        // echoed, since a literal * does not count for a credentialed request
        List<Header> preflightList = new ArrayList<Header>();
        preflightList.add(allowOrigin);
        addIf(preflightList, allowCredentials);
        preflightList.add(anyMethod ? new Header(ALLOW_METHODS, Source.METHOD, null)
                : new Header(ALLOW_METHODS, Source.FIXED, allowMethodsValue));
        preflightList.add(new Header(ALLOW_HEADERS, Source.REQUESTED_HEADERS, null));
        addIf(preflightList, config.maxAge() == null ? null
                : new Header(MAX_AGE, Source.FIXED, config.maxAge().toString()));
        preflightList.add(new Header(ALLOW_PRIVATE_NETWORK, Source.PRIVATE_NETWORK, "true"));
        addIf(preflightList, timing);
        this.preflight = preflightList.toArray(new Header[0]);
        for (int shape = 0; shape < 4; shape++) {
            preflightNames[shape] = names(preflight, (shape & 1) != 0, (shape & 2) != 0);
        }
        this.preflightStatus = config.preflightStatus();
        this.preflightVary = config.allowPrivateNetwork() ? VARY_PREFLIGHT_PRIVATE_NETWORK : VARY_PREFLIGHT;

        this.notCors = wildcard
                ? new ResponsePlan(0, actualNames, wildcardValues, null, true, Boolean.FALSE, null,
                RequestType.NOT_CORS.attributeValue(), null)
                : new ResponsePlan(0, ungrantedNames, ungrantedValues, VARY_ORIGIN, true, Boolean.FALSE, null,
                RequestType.NOT_CORS.attributeValue(), null);
        this.invalid = new ResponsePlan(0, ungrantedNames, ungrantedValues, VARY_ORIGIN, true, Boolean.FALSE, null,
                RequestType.INVALID_CORS.attributeValue(), null);
        this.invalidPreflight = new ResponsePlan(403, ungrantedNames, ungrantedValues, preflightVary, true,
                Boolean.FALSE, null, RequestType.INVALID_CORS.attributeValue(), null);
        this.protectionRefused = new ResponsePlan(403, ungrantedNames, ungrantedValues, VARY_PROTECTION, true,
                null, null, null, null);

        Map<String, Exact> ready = new HashMap<String, Exact>();
        for (String origin : exactOrigins) {
            SerializedOrigin serialized = SerializedOrigin.parse(origin);
            if (serialized != null && serialized.text().equals(origin)) {
                ready.put(origin, new Exact(actual(origin, RequestType.SIMPLE), actual(origin, RequestType.ACTUAL)));
            }
        }
        this.exact = Collections.unmodifiableMap(ready);
    }

    /** The ready plans for {@code origin} when the policy lists it exactly, else null. Such an origin is well-formed. */
    Exact exact(String origin) {
        return exact.get(origin);
    }

    /** An allowed actual (or simple) request from {@code origin}. */
    ResponsePlan actual(String origin, RequestType type) {
        if (wildcard) {
            // the same answer for every origin: caches need no Vary: Origin (Fetch, "CORS protocol and HTTP caches")
            return new ResponsePlan(0, actualNames, wildcardValues, null, true, Boolean.TRUE, origin,
                    type.attributeValue(), null);
        }
        return new ResponsePlan(0, actualNames, values(actual, actualNames.length, origin, null, null, false),
                VARY_ORIGIN, true, Boolean.TRUE, origin, type.attributeValue(), null);
    }

    /** An actual request from an origin the policy does not allow: no grant, so the browser withholds it. */
    ResponsePlan deniedActual(String origin, RequestType type) {
        return new ResponsePlan(0, ungrantedNames, ungrantedValues, VARY_ORIGIN, true, Boolean.TRUE, origin,
                type.attributeValue(), null);
    }

    /**
     * An allowed preflight. {@code allowHeaders}: the Access-Control-Allow-Headers value, null when no
     * name was requested; {@code requestHeaders}: the request's lines, for the {@code cors.request.headers} attribute.
     */
    ResponsePlan preflight(String origin, String method, String allowHeaders, boolean privateNetwork,
                           String requestHeaders) {
        String[] names = preflightNames[shape(allowHeaders != null, privateNetwork)];
        return new ResponsePlan(preflightStatus, names,
                values(preflight, names.length, origin, method, allowHeaders, privateNetwork), preflightVary, true,
                Boolean.TRUE, origin, RequestType.PRE_FLIGHT.attributeValue(), requestHeaders);
    }

    /** A denied preflight: 403 and no grant at all, never a partial one. */
    ResponsePlan deniedPreflight(String origin, String requestHeaders) {
        return new ResponsePlan(403, ungrantedNames, ungrantedValues, preflightVary, true, Boolean.TRUE, origin,
                RequestType.PRE_FLIGHT.attributeValue(), requestHeaders);
    }

    private static int shape(boolean headersRequested, boolean privateNetwork) {
        return (headersRequested ? 1 : 0) | (privateNetwork ? 2 : 0);
    }

    private static String[] names(Header[] headers, boolean headersRequested, boolean privateNetwork) {
        List<String> names = new ArrayList<String>(headers.length);
        for (Header header : headers) {
            if (header.sent(headersRequested, privateNetwork)) {
                names.add(header.name);
            }
        }
        return names.toArray(new String[0]);
    }

    /** The values for the headers {@link #names} gives with the same choices, in the same order. */
    private static String[] values(Header[] headers, int count, String origin, String method, String allowHeaders,
                                   boolean privateNetwork) {
        String[] values = new String[count];
        int i = 0;
        for (Header header : headers) {
            if (header.sent(allowHeaders != null, privateNetwork)) {
                values[i++] = header.value(origin, method, allowHeaders);
            }
        }
        return values;
    }

    private static void addIf(List<Header> headers, Header header) {
        if (header != null) {
            headers.add(header);
        }
    }
}
