package dev.corsagent.engine;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.HostSyntax;
import dev.corsagent.config.PolicyConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The engine's decision procedure as it was before the hot path was rewritten (commit 971ffac),
 * kept verbatim as an oracle: the rewritten engine must decide every request exactly as this one
 * did, plan, outcome, type and reason alike.
 */
final class PreviousEngine {
    private final CompiledPolicy[] policies;

    PreviousEngine(AgentConfig config) {
        List<CompiledPolicy> compiled = new ArrayList<CompiledPolicy>();
        for (PolicyConfig policy : config.policies()) {
            compiled.add(new CompiledPolicy(policy));
        }
        this.policies = compiled.toArray(new CompiledPolicy[0]);
    }

    private CompiledPolicy policyFor(String path) {
        for (CompiledPolicy policy : policies) {
            if (policy.coversPath(path)) {
                return policy;
            }
        }
        return null;
    }

    /** Decides one request. Never throws on any request input. */
    Decision decide(RequestFacts facts) {
        CompiledPolicy policy = policyFor(facts.path());
        List<String> origins = facts.origins();
        SerializedOrigin origin = origins.size() == 1 ? SerializedOrigin.parse(origins.get(0)) : null;
        String validOrigin = origin == null ? null : origin.text();
        RequestType type = classify(facts, origin);
        if (policy == null) {
            return new Decision(Outcome.PASS_THROUGH, type, null, CorsEngine.UNCOVERED_PLAN, validOrigin, facts,
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
            ResponsePlan plan = new ResponsePlan(0, null, null, CorsEngine.VARY_ORIGIN, true, Boolean.TRUE, origin.text(),
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
            headers.add(CorsEngine.ALLOW_ORIGIN, origin.text());
            if (policy.credentials) {
                headers.add(CorsEngine.ALLOW_CREDENTIALS, "true");
            }
            if (policy.exposeHeadersValue != null) {
                headers.add(CorsEngine.EXPOSE_HEADERS, policy.exposeHeadersValue);
            }
            vary = CorsEngine.VARY_ORIGIN;
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
                if (++requested > CorsEngine.MAX_REQUESTED_HEADERS) {
                    return deniedPreflight(policy, facts, origin, requestHeadersAttribute,
                            "the preflight asks for more than " + CorsEngine.MAX_REQUESTED_HEADERS + " header names");
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
        headers.add(CorsEngine.ALLOW_ORIGIN, policy.wildcardOrigin ? "*" : origin.text());
        if (policy.credentials) {
            headers.add(CorsEngine.ALLOW_CREDENTIALS, "true");
        }
        // with '*' the requested method is echoed: under credentials a literal '*' would not count
        headers.add(CorsEngine.ALLOW_METHODS, policy.anyMethod ? method : policy.allowMethodsValue);
        if (!names.isEmpty()) {
            headers.add(CorsEngine.ALLOW_HEADERS, CompiledPolicy.join(names, false));
        }
        if (policy.maxAgeValue != null) {
            headers.add(CorsEngine.MAX_AGE, policy.maxAgeValue);
        }
        if (facts.privateNetworkRequested()) {
            headers.add(CorsEngine.ALLOW_PRIVATE_NETWORK, "true");
        }
        ResponsePlan plan = new ResponsePlan(policy.preflightStatus, headers.names(), headers.values(),
                CorsEngine.VARY_PREFLIGHT, true, Boolean.TRUE, origin.text(), RequestType.PRE_FLIGHT.attributeValue(),
                requestHeadersAttribute);
        String rule = originRule + ", method " + method + " is allowed"
                + (names.isEmpty() ? ", no headers requested" : ", every requested header is allowed");
        return new Decision(Outcome.ALLOWED, RequestType.PRE_FLIGHT, policy.name, plan, origin.text(), facts, rule);
    }

    private Decision deniedPreflight(CompiledPolicy policy, RequestFacts facts, SerializedOrigin origin,
                                     String requestHeadersAttribute, String rule) {
        ResponsePlan plan = new ResponsePlan(403, null, null, CorsEngine.VARY_PREFLIGHT, true, Boolean.TRUE, origin.text(),
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
}
