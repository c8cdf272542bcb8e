package dev.corsagent.engine;

import dev.corsagent.bridge.ResponsePlan;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Properties of the engine over random policies and hostile request facts (jqwik generates them and
 * shrinks a failure to a small case), stated from the SPEC: {@link CorsContract} says what every
 * decision must be. Whether an origin may be granted is judged by {@link #matches}, a deliberately
 * simple oracle written from the SPEC, independent of {@code OriginPattern} and
 * {@code SerializedOrigin}.
 */
class CorsEnginePropertiesTest {
    static final List<String> EXACT = Arrays.asList(
            "https://app.example.com", "http://localhost:8080", "https://api.example.org:8443", "http://10.0.0.7:3000");
    static final List<String> SUBDOMAIN_PATTERNS = Arrays.asList("https://*.trusted.example", "https://*.apps.example.net");
    static final List<String> PORT_WILDCARDS = Arrays.asList("http://localhost:*", "https://dev.example.net:*");
    static final List<String> METHODS = Arrays.asList("GET", "POST", "PUT", "DELETE", "PATCH");
    static final List<String> HEADERS = Arrays.asList("X-Token", "Content-Type", "Authorization", "X-Requested-With");
    static final List<String> EXPOSED = Arrays.asList("X-Request-Id", "X-Total-Count");
    /** Paths the engine sees (already normalized by the container); /api/** goes to the first policy. */
    static final List<String> PATHS = Arrays.asList("/api/items", "/api/a/b", "/other", "/", "/apix/items");

    /** One generated policy. */
    static final class PolicyModel {
        final List<String> origins;
        final boolean credentials;
        final List<String> methods;
        final List<String> headers;
        final List<String> exposed;

        PolicyModel(List<String> origins, boolean credentials, List<String> methods, List<String> headers,
                    List<String> exposed) {
            this.origins = origins;
            // the loader refuses * with credentials; such a policy is simply generated without them
            this.credentials = credentials && !origins.contains("*");
            this.methods = methods;
            this.headers = headers;
            this.exposed = exposed;
        }

        String properties(String prefix) {
            return prefix + "allowed-origins = " + String.join(", ", origins) + "\n"
                    + prefix + "allow-credentials = " + credentials + "\n"
                    + prefix + "allowed-methods = " + String.join(", ", methods) + "\n"
                    + (headers.isEmpty() ? "" : prefix + "allowed-headers = " + String.join(", ", headers) + "\n")
                    + (exposed.isEmpty() ? "" : prefix + "exposed-headers = " + String.join(", ", exposed) + "\n");
        }
    }

    /** Two policies: "api" on /api/**, "rest" on everything else. */
    static final class Scenario {
        final PolicyModel api;
        final PolicyModel rest;
        final RequestFacts facts;

        Scenario(PolicyModel api, PolicyModel rest, RequestFacts facts) {
            this.api = api;
            this.rest = rest;
            this.facts = facts;
        }

        String properties() {
            return "cors.policies = api, rest\n"
                    + "cors.policy.api.paths = /api/**\n" + api.properties("cors.policy.api.")
                    + "cors.policy.rest.paths = /**\n" + rest.properties("cors.policy.rest.");
        }

        PolicyModel policyFor(String path) {
            return path.startsWith("/api/") ? api : rest;
        }

        @Override
        public String toString() {
            return properties() + "request: " + Decision.printable(facts.method()) + " " + facts.path()
                    + " origins=" + printable(facts.origins()) + " acrm=" + Decision.printable(String.valueOf(facts.requestMethod()))
                    + " acrh=" + printable(facts.requestHeaderLines());
        }
    }

    @Property(tries = 1000)
    void aGrantNamesOnlyAnOriginThePolicyMatchesAndNeverStarWithCredentials(@ForAll("scenarios") Scenario scenario) {
        Decision decision = engine(scenario).decide(scenario.facts);
        ResponsePlan plan = decision.plan();
        String allowOrigin = header(plan, "Access-Control-Allow-Origin");
        String allowCredentials = header(plan, "Access-Control-Allow-Credentials");
        PolicyModel policy = scenario.policyFor(scenario.facts.path());
        List<String> origins = scenario.facts.origins();

        // the properties below only mean something if grants of every kind are generated often
        String kind = allowOrigin == null ? "no grant" : decision.requestType() == RequestType.PRE_FLIGHT ? "preflight"
                : allowOrigin.equals("*") ? "*, actual" : "echoed, actual";
        Statistics.label("grant").collect(kind);
        Statistics.label("grant").coverage(checker -> {
            // typical shares over 1000 tries: 3 to 6 % each kind of grant, 85 % no grant
            checker.check("*, actual").percentage(p -> p >= 1);
            checker.check("preflight").percentage(p -> p >= 1);
            checker.check("echoed, actual").percentage(p -> p >= 1);
            checker.check("no grant").percentage(p -> p >= 30);
        });
        if (allowOrigin == null) {
            assertTrue(allowCredentials == null, "credentials without an origin grant: " + scenario);
            return;
        }
        if (allowOrigin.equals("*")) {
            assertTrue(policy.origins.contains("*"), "* from a policy without *: " + scenario);
            assertTrue(allowCredentials == null, "* with credentials: " + scenario);
            assertFalse(policy.credentials, "* under a credentialed policy: " + scenario);
            assertTrue(origins.isEmpty() || (origins.size() == 1 && wellFormed(origins.get(0))),
                    "* granted to a malformed or repeated Origin: " + scenario);
        } else {
            assertEquals(1, origins.size(), "a grant needs exactly one Origin: " + scenario);
            assertEquals(origins.get(0), allowOrigin, "the grant must echo the request's Origin: " + scenario);
            assertTrue(matches(policy.origins, allowOrigin), "granted an origin the policy does not match: " + scenario);
            assertEquals(policy.credentials ? "true" : null, allowCredentials, "credentials header: " + scenario);
        }
        if (decision.requestType() == RequestType.PRE_FLIGHT) {
            String method = scenario.facts.requestMethod();
            assertTrue(policy.methods.contains(method) || (policy.methods.contains("*")
                    && !Arrays.asList("CONNECT", "TRACE", "TRACK").contains(method)), "method granted: " + scenario);
            for (String line : scenario.facts.requestHeaderLines()) {
                for (String name : line.split(",")) {
                    String trimmed = name.trim();
                    assertTrue(trimmed.isEmpty() || containsIgnoringCase(policy.headers, trimmed)
                                    || (policy.headers.contains("*") && !trimmed.equalsIgnoreCase("authorization")),
                            "header " + trimmed + " granted: " + scenario);
                }
            }
        }
    }

    @Property(tries = 1000)
    void noHeaderNameOrValueCarriesAControlCharacter(@ForAll("scenarios") Scenario scenario) {
        ResponsePlan plan = engine(scenario).decide(scenario.facts).plan();
        for (int i = 0; i < plan.headerNames.length; i++) {
            assertPrintable(plan.headerNames[i], scenario);
            assertPrintable(plan.headerValues[i], scenario);
        }
        if (plan.vary != null) {
            assertPrintable(plan.vary, scenario);
        }
    }

    @Property(tries = 500)
    void theSameFactsAlwaysGiveTheSameDecision(@ForAll("scenarios") Scenario scenario) {
        CorsEngine engine = engine(scenario);
        Decision first = engine.decide(scenario.facts);
        Decision again = engine.decide(scenario.facts);
        Decision recompiled = engine(scenario).decide(scenario.facts);
        for (Decision other : Arrays.asList(again, recompiled)) {
            assertEquals(first.outcome(), other.outcome(), scenario.toString());
            assertEquals(first.requestType(), other.requestType(), scenario.toString());
            assertEquals(first.policyName(), other.policyName(), scenario.toString());
            assertEquals(first.reason(), other.reason(), scenario.toString());
            assertEquals(first.plan().answerStatus, other.plan().answerStatus, scenario.toString());
            assertArrayEquals(first.plan().headerNames, other.plan().headerNames, scenario.toString());
            assertArrayEquals(first.plan().headerValues, other.plan().headerValues, scenario.toString());
            assertEquals(first.plan().vary, other.plan().vary, scenario.toString());
        }
    }

    @Property(tries = 2000)
    void everyDecisionIsTheOneTheSpecCallsFor(@ForAll("scenarios") Scenario scenario) {
        LoadResult result = ConfigLoader.parse(scenario.properties(), "generated.properties");
        assertTrue(result.isValid(), String.valueOf(result.errors()));
        CorsContract.check(result.config(), CorsEngine.compile(result.config()), scenario.facts, scenario.toString());
    }

    @Property(tries = 1000)
    void requestedHeaderNamesCompareCaseInsensitively(@ForAll("scenarios") Scenario scenario,
                                                      @ForAll boolean upper) {
        List<String> flipped = new ArrayList<String>();
        for (String line : scenario.facts.requestHeaderLines()) {
            flipped.add(line == null ? null : upper ? line.toUpperCase(Locale.ROOT) : line.toLowerCase(Locale.ROOT));
        }
        RequestFacts facts = scenario.facts;
        RequestFacts other = new RequestFacts(facts.method(), facts.path(), facts.origins(), facts.requestMethod(),
                flipped, facts.privateNetworkRequested(), facts.contentType());
        CorsEngine engine = engine(scenario);
        Decision decision = engine.decide(facts);
        Decision again = engine.decide(other);
        assertEquals(decision.outcome(), again.outcome(), scenario.toString());
        assertEquals(header(decision.plan(), "Access-Control-Allow-Headers"),
                header(again.plan(), "Access-Control-Allow-Headers"), scenario.toString());
    }

    @Property(tries = 3000)
    void anOriginIsAcceptedOnlyAsItsOwnSerialization(@ForAll("origins") String origin) {
        SerializedOrigin parsed = SerializedOrigin.parse(origin);
        if (parsed == null) {
            return;
        }
        String shown = Decision.printable(origin);
        assertTrue(wellFormed(origin), shown);
        assertEquals(origin, parsed.text(), shown);
        if (parsed.isNull()) {
            assertEquals("null", origin, shown);
            return;
        }
        // SPEC 5: lower-case scheme and host, no default port, nothing after the port
        assertEquals(parsed.scheme() + "://" + parsed.host() + (parsed.port() < 0 ? "" : ":" + parsed.port()), origin,
                shown);
        assertEquals(parsed.scheme().toLowerCase(Locale.ROOT), parsed.scheme(), shown);
        assertEquals(parsed.host().toLowerCase(Locale.ROOT), parsed.host(), shown);
        assertTrue(parsed.port() != (parsed.scheme().equals("https") ? 443 : parsed.scheme().equals("http") ? 80 : -2),
                shown);
    }

    @Property(tries = 1000)
    void everyOriginABrowserSerializesIsAccepted(@ForAll("serialized") String origin) {
        SerializedOrigin parsed = SerializedOrigin.parse(origin);
        assertNotNull(parsed, origin);
        assertEquals(origin, parsed.text());
    }

    @Provide
    Arbitrary<String> serialized() {
        Arbitrary<String> host = Arbitraries.of("app.example.com", "localhost", "a.b.trusted.example", "10.0.0.7",
                "[2001:db8::1]", "[::1]", "xn--bcher-kva.example", "x-1.example.net");
        Arbitrary<String> port = Arbitraries.integers().between(1, 65535)
                .filter(p -> p != 80 && p != 443).map(p -> ":" + p);
        return Combinators.combine(Arbitraries.of("http", "https"), host,
                        Arbitraries.oneOf(Arbitraries.just(""), port))
                .as((scheme, h, p) -> scheme + "://" + h + p);
    }

    @Provide
    Arbitrary<String> origins() {
        List<String> entries = new ArrayList<String>(EXACT);
        entries.addAll(SUBDOMAIN_PATTERNS);
        entries.addAll(PORT_WILDCARDS);
        entries.add("http://[2001:db8::1]:8080");
        entries.add("https://[::1]");
        return Arbitraries.frequencyOf(
                Tuple.of(4, instances(entries)),
                Tuple.of(5, nearMisses(entries)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(60)),
                Tuple.of(1, Arbitraries.strings().withChars("htps:/[]0123456789.:abcxyz").ofMaxLength(40)));
    }

    static void assertSamePlan(ResponsePlan expected, ResponsePlan actual, String context) {
        assertEquals(expected.answerStatus, actual.answerStatus, context);
        assertArrayEquals(expected.headerNames, actual.headerNames, context);
        assertArrayEquals(expected.headerValues, actual.headerValues, context);
        assertEquals(expected.vary, actual.vary, context);
        assertEquals(expected.ownsCorsHeaders, actual.ownsCorsHeaders, context);
        assertEquals(expected.isCorsRequest, actual.isCorsRequest, context);
        assertEquals(expected.origin, actual.origin, context);
        assertEquals(expected.requestType, actual.requestType, context);
        assertEquals(expected.requestHeaders, actual.requestHeaders, context);
    }

    // ---- the oracle -------------------------------------------------------------------------

    /** Whether one of the configured entries admits {@code origin}, read straight from the SPEC. */
    static boolean matches(List<String> entries, String origin) {
        for (String entry : entries) {
            if (entry.equals("*") ? wellFormed(origin)
                    : entry.contains("://*.") ? isStrictSubdomain(entry, origin)
                    : entry.endsWith(":*") ? hasAnyPort(entry.substring(0, entry.length() - 2), origin)
                    : entry.equals(origin)) {
                return true;
            }
        }
        return false;
    }

    /** {@code https://*.base}: scheme://one.or.more.labels.base, no port. */
    private static boolean isStrictSubdomain(String pattern, String origin) {
        int star = pattern.indexOf("*.");
        String schemePart = pattern.substring(0, star);
        String base = pattern.substring(star + 1); // ".base"
        if (!origin.startsWith(schemePart) || !origin.endsWith(base)) {
            return false;
        }
        String labels = origin.substring(schemePart.length(), origin.length() - base.length());
        if (labels.isEmpty()) {
            return false;
        }
        for (String label : labels.split("\\.", -1)) {
            if (label.isEmpty() || !label.matches("[a-z0-9_-]+")) {
                return false;
            }
        }
        return true;
    }

    /** {@code scheme://host:*}: that scheme and host with no port or any non-default port. */
    private static boolean hasAnyPort(String schemeAndHost, String origin) {
        if (origin.equals(schemeAndHost)) {
            return true;
        }
        if (!origin.startsWith(schemeAndHost + ":")) {
            return false;
        }
        String digits = origin.substring(schemeAndHost.length() + 1);
        if (!digits.matches("0|[1-9][0-9]{0,4}") || Integer.parseInt(digits) > 65535) {
            return false;
        }
        int port = Integer.parseInt(digits);
        return !(schemeAndHost.startsWith("https:") ? port == 443 : port == 80);
    }

    /** A necessary condition for a serialized origin: printable ASCII scheme://host[:port], nothing after. */
    static boolean wellFormed(String origin) {
        if (origin.equals("null")) {
            return true;
        }
        if (origin.length() > 300 || !origin.matches("[a-z][a-z0-9+.-]*://[^/@?#\\s,*]+")) {
            return false;
        }
        for (char c : origin.toCharArray()) {
            if (c < 0x21 || c > 0x7e || Character.isUpperCase(c)) {
                return false;
            }
        }
        return true;
    }

    // ---- generators -------------------------------------------------------------------------

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(policies(), policies()).as(PolicyPair::new)
                .flatMap(pair -> Arbitraries.frequencyOf(Tuple.of(4, facts(pair)), Tuple.of(1, browserPreflights(pair)))
                        .map(facts -> new Scenario(pair.api, pair.rest, facts)));
    }

    static final class PolicyPair {
        final PolicyModel api;
        final PolicyModel rest;

        PolicyPair(PolicyModel api, PolicyModel rest) {
            this.api = api;
            this.rest = rest;
        }
    }

    private Arbitrary<PolicyModel> policies() {
        List<String> originPool = new ArrayList<String>(EXACT);
        originPool.addAll(SUBDOMAIN_PATTERNS);
        originPool.addAll(PORT_WILDCARDS);
        Arbitrary<List<String>> origins = Arbitraries.oneOf(
                Arbitraries.of(originPool).list().ofMinSize(1).ofMaxSize(4).uniqueElements(),
                Arbitraries.just(Collections.singletonList("*")));
        Arbitrary<List<String>> methods = Arbitraries.oneOf(
                Arbitraries.of(METHODS).list().ofMinSize(1).ofMaxSize(4).uniqueElements(),
                Arbitraries.just(Collections.singletonList("*")));
        Arbitrary<List<String>> headers = Arbitraries.oneOf(
                Arbitraries.of(HEADERS).list().ofMaxSize(3).uniqueElements(),
                Arbitraries.just(Collections.singletonList("*")));
        Arbitrary<List<String>> exposed = Arbitraries.of(EXPOSED).list().ofMaxSize(2).uniqueElements();
        return Combinators.combine(origins, Arbitraries.of(true, false), methods, headers, exposed).as(PolicyModel::new);
    }

    private Arbitrary<RequestFacts> facts(PolicyPair pair) {
        List<String> entries = new ArrayList<String>(pair.api.origins);
        entries.addAll(pair.rest.origins);
        entries.addAll(EXACT); // instances of entries the policies do not list are near misses too
        Arbitrary<String> origin = Arbitraries.frequencyOf(
                Tuple.of(6, instances(entries)),
                Tuple.of(5, nearMisses(entries)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(60)),
                Tuple.of(1, Arbitraries.strings().withCharRange(' ', '~').ofMinLength(200).ofMaxLength(7000)));
        Arbitrary<List<String>> origins = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Collections.<String>emptyList())),
                Tuple.of(8, origin.map(Collections::singletonList)),
                Tuple.of(1, origin.list().ofMinSize(2).ofMaxSize(3)));
        Arbitrary<String> method = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just("OPTIONS")),
                Tuple.of(5, Arbitraries.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "get", "CONNECT", "TRACE")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(10)));
        Arbitrary<String> requestMethod = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just((String) null)),
                Tuple.of(6, Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "put", "CONNECT", "TRACK", "")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(10)));
        Arbitrary<String> headerName = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("x-token", "X-Token", "content-type", "x-requested-with", " x-token ", "\tcontent-type",
                        " Content-Type\t", "authorization")),
                Tuple.of(3, Arbitraries.of("AUTHORIZATION", "x-evil", "", " ", "x-token\r\nset-cookie: a=b", "x\u0000y", "\u00e4")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(12)));
        Arbitrary<List<String>> headerLines = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Collections.<String>emptyList())),
                Tuple.of(5, Combinators.combine(headerName.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(",", ", ", " , ", ",,"))
                        .as((names, separator) -> String.join(separator, names)).list().ofMinSize(1).ofMaxSize(3)),
                Tuple.of(1, Arbitraries.of("x-token").list().ofMinSize(60).ofMaxSize(70))); // around the 64-name limit
        Arbitrary<String> contentType = Arbitraries.of(null, "application/json", "text/plain", "Text/Plain; charset=utf-8", "");
        return Combinators.combine(method, Arbitraries.of(PATHS), origins, requestMethod, headerLines,
                        Arbitraries.of(true, false), contentType)
                .as(RequestFacts::new);
    }

    /** Preflights as a browser sends them, so that granted preflights are frequent enough to test. */
    private Arbitrary<RequestFacts> browserPreflights(PolicyPair pair) {
        List<String> entries = new ArrayList<String>(pair.api.origins);
        entries.addAll(pair.rest.origins);
        Arbitrary<List<String>> headerLines = Arbitraries.of("X-Token", "content-type", "x-requested-with", "Authorization")
                .list().ofMaxSize(2).uniqueElements()
                .map(names -> names.isEmpty() ? Collections.<String>emptyList() : Collections.singletonList(String.join(", ", names)));
        return Combinators.combine(Arbitraries.of(PATHS), instances(entries).map(Collections::singletonList),
                        Arbitraries.of(METHODS), headerLines)
                .as((path, origins, method, lines) -> new RequestFacts("OPTIONS", path, origins, method, lines));
    }

    /** Origins a browser could send that an entry admits (and, for entries not listed, near misses). */
    private static Arbitrary<String> instances(List<String> entries) {
        return Arbitraries.of(entries).flatMap(entry -> {
            if (entry.equals("*")) {
                return Arbitraries.of("https://anything.example", "http://127.0.0.1:9000", "null");
            }
            if (entry.contains("://*.")) {
                return Arbitraries.of("a.", "b.c.", "x-1.", "deep.er.").map(labels -> entry.replace("*.", labels));
            }
            if (entry.endsWith(":*")) {
                String base = entry.substring(0, entry.length() - 2);
                return Arbitraries.oneOf(Arbitraries.integers().between(0, 70000).map(port -> base + ":" + port),
                        Arbitraries.just(base));
            }
            return Arbitraries.just(entry);
        });
    }

    /** The classic tricks around an origin a policy admits. */
    private static Arbitrary<String> nearMisses(List<String> entries) {
        Arbitrary<String> base = instances(entries).filter(o -> o.contains("://"));
        return Combinators.combine(base, Arbitraries.integers().between(0, 27)).as(CorsEnginePropertiesTest::mutate);
    }

    static String mutate(String origin, int trick) {
        int hostStart = origin.indexOf("://") + 3;
        String scheme = origin.substring(0, hostStart);
        String rest = origin.substring(hostStart);
        switch (trick) {
            case 0: return origin.toUpperCase(Locale.ROOT);
            case 1: return scheme + Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
            case 2: return origin + "/";
            case 3: return origin + "/path";
            case 4: return origin + (scheme.startsWith("https") ? ":443" : ":80");
            case 5: return origin + ":99999";
            case 6: return origin + ":";
            case 7: return scheme + "user@" + rest;
            case 8: return origin + "@evil.example";
            case 9: return origin + "#fragment";
            case 10: return origin + "?q=1";
            case 11: return origin + ".evil.example";
            case 12: return scheme + "evil" + rest;
            case 13: return scheme + rest.substring(rest.indexOf('.') + 1); // the parent domain (apex of a pattern)
            case 14: return scheme + "*." + rest;
            case 15: return (scheme.startsWith("https") ? "http://" : "https://") + rest;
            case 16: return " " + origin;
            case 17: return origin + " ";
            case 18: return origin + "\r\nSet-Cookie: a=b";
            case 19: return origin + "\u0000";
            case 20: return scheme + "\u00e4" + rest;
            case 21: return origin + ", " + origin;
            case 22: return origin.replace(".", "\u3002");
            case 23: return origin + "\t";
            case 24: return scheme + "." + rest;
            case 25: return origin + ":0080";
            case 26: {
                StringBuilder longer = new StringBuilder(origin);
                while (longer.length() < 6000) {
                    longer.insert(hostStart, "a.");
                }
                return longer.toString();
            }
            default: return "*";
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static CorsEngine engine(Scenario scenario) {
        LoadResult result = ConfigLoader.parse(scenario.properties(), "generated.properties");
        if (!result.isValid()) {
            fail("the generated policy must load: " + result.errors() + "\n" + scenario.properties());
        }
        assertNotNull(result.config());
        return CorsEngine.compile(result.config());
    }

    private static String header(ResponsePlan plan, String name) {
        String found = null;
        for (int i = 0; i < plan.headerNames.length; i++) {
            if (plan.headerNames[i].equalsIgnoreCase(name)) {
                assertTrue(found == null, name + " twice in one plan");
                found = plan.headerValues[i];
            }
        }
        return found;
    }

    private static boolean containsIgnoringCase(List<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static void assertPrintable(String value, Scenario scenario) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                fail("control character " + (int) c + " in header text " + Decision.printable(value) + ": " + scenario);
            }
        }
    }

    private static String printable(List<String> values) {
        List<String> shown = new ArrayList<String>();
        for (String v : values) {
            shown.add(Decision.printable(v.length() > 120 ? v.substring(0, 120) + "...(" + v.length() + ")" : v));
        }
        return shown.toString();
    }
}
