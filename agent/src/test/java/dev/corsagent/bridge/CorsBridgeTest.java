package dev.corsagent.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The rules every advice shares, as tables: the Vary merge, the commit rule for the app's headers,
 * the read rule, and which {@code cors.*} attributes a plan sets.
 */
class CorsBridgeTest {
    private static final String PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    private static ResponsePlan plan(String vary, boolean owns, String requestType) {
        return new ResponsePlan(0, new String[] {"Access-Control-Allow-Origin"}, new String[] {"https://a.example"},
                vary, owns, requestType == null ? null : Boolean.TRUE, "https://a.example", requestType,
                requestType == null ? null : "");
    }

    // existing Vary (the app's lines joined; NULL: none), the plan's tokens, what is written (NULL: leave as is)
    @ParameterizedTest(name = "app {0} + plan {1} -> {2}")
    @CsvSource(nullValues = "NULL", delimiter = '|', value = {
        "NULL                        | Origin | Origin",
        "'   '                       | Origin | Origin",
        "Origin                      | Origin | NULL",
        "origin                      | Origin | NULL",
        "' Accept-Encoding , ORIGIN '| Origin | NULL",
        "Accept-Encoding             | Origin | Accept-Encoding, Origin",
        "' Accept-Encoding '         | Origin | Accept-Encoding, Origin",
        "*                           | Origin | NULL",
        "' * '                       | Origin | NULL",
        "Originator                  | Origin | Originator, Origin",
        "Origin                      | " + PREFLIGHT_VARY + " | Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        "'Accept, Access-Control-Request-Method' | " + PREFLIGHT_VARY + " | Accept, Access-Control-Request-Method, Origin, Access-Control-Request-Headers",
        "Accept                      | NULL   | NULL",
    })
    void theVaryToWriteMergesThePlansTokensIntoTheAppsLines(String existing, String tokens, String written) {
        assertEquals(written, CorsBridge.varyToWrite(plan(tokens, true, "actual"), existing));
        assertEquals(written, VaryMerge.merge(existing, tokens));
    }

    /** What a commit advice writes for this plan over the app's Vary lines (joined; null for none), as "name: value" lines. */
    private static String written(ResponsePlan plan, String appVary) {
        StringBuilder out = new StringBuilder();
        for (int h = 0; h < CorsBridge.writeCount(plan); h++) {
            String value = CorsBridge.writeValue(plan, h, appVary);
            if (value != null) {
                out.append(out.length() == 0 ? "" : " | ").append(CorsBridge.writeName(plan, h)).append(": ").append(value);
            }
        }
        return out.toString();
    }

    @Test
    void theCommitWritesThePlansHeadersThenTheMergedVaryOnlyWhenItChangesAnything() {
        ResponsePlan actual = plan("Origin", true, "actual");
        assertEquals("Access-Control-Allow-Origin: https://a.example | Vary: Origin", written(actual, null));
        assertEquals("Access-Control-Allow-Origin: https://a.example | Vary: Accept-Encoding, Origin",
                written(actual, "Accept-Encoding"));
        assertEquals("Access-Control-Allow-Origin: https://a.example", written(actual, "Accept, origin"),
                "the app's lines hold Origin already: they stay as they are");
        assertEquals("Access-Control-Allow-Origin: https://a.example", written(actual, "*"));
        assertEquals("Access-Control-Allow-Origin: https://a.example", written(plan(null, true, "actual"), "Accept"),
                "a plan without Vary tokens writes no Vary");
        ResponsePlan uncovered = new ResponsePlan(0, null, null, "Origin", false, null, null, null, null);
        assertEquals("Vary: Cookie, Origin", written(uncovered, "Cookie"), "an uncovered path: only Vary");
        assertEquals("", written(uncovered, "Origin"));
    }

    @Test
    void writesVaryNamesExactlyTheVaryWrite() {
        // the Jetty and Undertow commits type that one name with their own constant
        ResponsePlan actual = plan("Origin", true, "actual");
        for (int h = 0; h < CorsBridge.writeCount(actual); h++) {
            assertEquals("Vary".equals(CorsBridge.writeName(actual, h)), CorsBridge.writesVary(actual, h), "write " + h);
        }
        org.junit.jupiter.api.Assertions.assertTrue(CorsBridge.writesVary(actual, CorsBridge.writeCount(actual) - 1),
                "the last write is the plan's Vary");
    }

    @Test
    void aMergeTheAppAsksForAgainIsNotBuiltAgain() {
        ResponsePlan actual = plan("Origin", true, "actual");
        int vary = CorsBridge.writeCount(actual) - 1;
        String first = CorsBridge.writeValue(actual, vary, new String("Accept-Encoding"));
        assertEquals("Accept-Encoding, Origin", first);
        org.junit.jupiter.api.Assertions.assertSame(first, CorsBridge.writeValue(actual, vary, new String("Accept-Encoding")));
        org.junit.jupiter.api.Assertions.assertSame(CorsBridge.writeValueBytes(actual, vary, "Accept-Encoding"),
                CorsBridge.writeValueBytes(actual, vary, "Accept-Encoding"));
        assertEquals("Cookie, Origin", CorsBridge.writeValue(actual, vary, "Cookie"), "another app Vary: merged anew");
        assertNull(CorsBridge.writeValueBytes(actual, vary, "Origin"), "nothing to write: no bytes either");
        org.junit.jupiter.api.Assertions.assertSame(CorsBridge.writeValueBytes(actual, vary, null),
                CorsBridge.writeValueBytes(actual, vary, null), "no app Vary: the plan's own Vary bytes, made once");
        assertArrayEquals("Origin".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                CorsBridge.writeValueBytes(actual, vary, null));
        assertArrayEquals("Vary".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), CorsBridge.writeNameBytes(actual, vary));
    }

    @Test
    void theAppsVaryLinesAreJoinedInOrder() {
        String joined = null;
        for (String line : new String[] {"Accept-Encoding", "Accept", "Origin"}) {
            joined = CorsBridge.joinLine(joined, line);
        }
        assertEquals("Accept-Encoding, Accept, Origin", joined);
        assertEquals("Accept", CorsBridge.joinLine(null, "Accept"));
        assertNull(CorsBridge.joinValues(null));
        assertNull(CorsBridge.joinValues(Collections.<String>emptyList()));
        assertEquals("a, b", CorsBridge.joinValues(Arrays.asList("a", "b")));
    }

    // header name, dropped at commit on a covered path, is Vary
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "Access-Control-Allow-Origin, true, false",
        "access-control-allow-credentials, true, false",
        "ACCESS-CONTROL-EXPOSE-HEADERS, true, false",
        "Access-Control-, true, false",
        "Access-Control, false, false",
        "X-Access-Control-Allow-Origin, false, false",
        "Vary, false, true",
        "vary, false, true",
        "Varying, false, false",
        "Content-Type, false, false",
    })
    void theCommitRuleDropsOnlyTheAppsAccessControlHeadersOnCoveredPaths(String name, boolean dropped, boolean vary) {
        assertEquals(dropped, CorsBridge.dropsAtCommit(plan("Origin", true, "actual"), name));
        assertFalse(CorsBridge.dropsAtCommit(plan("Origin", false, null), name), "an uncovered path keeps the app's headers");
        assertEquals(vary, CorsBridge.isVary(name));
    }

    @Test
    void theReadRuleReadsPreflightHeadersOnOptionsAndTheContentTypeOnPost() {
        assertTrue(CorsBridge.readsPreflightHeaders("OPTIONS"));
        for (String method : new String[] {"GET", "HEAD", "POST", "PUT", "options", "CONNECT"}) {
            assertFalse(CorsBridge.readsPreflightHeaders(method), method);
        }
        assertTrue(CorsBridge.readsContentType("POST"));
        for (String method : new String[] {"GET", "HEAD", "PUT", "OPTIONS", "post"}) {
            assertFalse(CorsBridge.readsContentType(method), method);
        }
    }

    @Test
    void aPlanSetsTheCorsAttributesOnlyOnCoveredPaths() {
        ResponsePlan covered = new ResponsePlan(0, null, null, "Origin", true, Boolean.TRUE, "https://a.example",
                "pre-flight", "x-a,x-b");
        assertArrayEquals(new String[] {"cors.isCorsRequest", "cors.request.type", "cors.request.origin",
                "cors.request.headers"}, ResponsePlan.ATTRIBUTES);
        assertArrayEquals(new Object[] {Boolean.TRUE, "pre-flight", "https://a.example", "x-a,x-b"}, attributes(covered));
        ResponsePlan notCors = new ResponsePlan(0, null, null, "Origin", true, Boolean.FALSE, null, "not-cors", null);
        assertArrayEquals(new Object[] {Boolean.FALSE, "not-cors", null, null}, attributes(notCors));
        ResponsePlan uncovered = new ResponsePlan(0, null, null, "Origin", false, Boolean.TRUE, "https://a.example",
                null, "x-a");
        assertArrayEquals(new Object[] {null, null, null, null}, attributes(uncovered));
        assertNull(covered.attribute(ResponsePlan.ATTRIBUTES.length));
    }

    /** What an entry advice sets: name=value for each of the first attributeCount attributes. */
    private static String setByAdvice(ResponsePlan plan) {
        StringBuilder set = new StringBuilder();
        for (int a = 0; a < CorsBridge.attributeCount(plan); a++) {
            Object value = CorsBridge.attribute(plan, a);
            set.append(set.length() == 0 ? "" : " ").append(CorsBridge.ATTRIBUTES[a]).append('=')
                    .append(value == plan && plan != null ? "plan" : value);
        }
        return set.toString();
    }

    @Test
    void theEntryAdviceSetsThePlanThenTheCorsAttributesItHasAndNoMore() {
        assertEquals("dev.corsagent.plan=false", setByAdvice(null), "left alone: marked, so no later hook decides again");
        assertEquals("dev.corsagent.plan=plan", setByAdvice(new ResponsePlan(0, null, null, "Origin", false,
                Boolean.TRUE, "https://a.example", null, "x-a")), "uncovered: no cors.* attribute");
        assertEquals("dev.corsagent.plan=plan cors.isCorsRequest=false cors.request.type=not-cors",
                setByAdvice(new ResponsePlan(0, null, null, "Origin", true, Boolean.FALSE, null, "not-cors", null)));
        assertEquals("dev.corsagent.plan=plan cors.isCorsRequest=true cors.request.type=actual "
                + "cors.request.origin=https://a.example", setByAdvice(new ResponsePlan(0, null, null, "Origin", true,
                Boolean.TRUE, "https://a.example", "actual", null)));
        assertEquals("dev.corsagent.plan=plan cors.isCorsRequest=true cors.request.type=pre-flight "
                + "cors.request.origin=https://a.example cors.request.headers=x-a,x-b", setByAdvice(new ResponsePlan(
                0, null, null, "Origin", true, Boolean.TRUE, "https://a.example", "pre-flight", "x-a,x-b")));
    }

    private static Object[] attributes(ResponsePlan plan) {
        Object[] values = new Object[ResponsePlan.ATTRIBUTES.length];
        for (int a = 0; a < values.length; a++) {
            values[a] = plan.attribute(a);
        }
        return values;
    }

    @Test
    void theCorsHeadersNotInThePlanAreTheOnesToRemoveAtExit() {
        ResponsePlan plan = plan("Origin", true, "actual");
        assertNull(CorsBridge.corsHeadersNotInPlan(plan, null));
        assertNull(CorsBridge.corsHeadersNotInPlan(plan, Arrays.asList("Content-Type", "access-control-allow-origin")));
        assertArrayEquals(new String[] {"Access-Control-Max-Age"}, CorsBridge.corsHeadersNotInPlan(plan,
                Arrays.asList("Content-Type", "Access-Control-Allow-Origin", "Access-Control-Max-Age")));
        assertTrue(CorsBridge.isOnly(Collections.singletonList("x"), "x"));
        assertFalse(CorsBridge.isOnly(Arrays.asList("x", "x"), "x"));
        assertFalse(CorsBridge.isOnly(null, "x"));
        assertEquals("/ctx/servlet/info", CorsBridge.path("/ctx", "/servlet", "/info"));
        assertEquals("/servlet", CorsBridge.path("", "/servlet", null));
        assertEquals("/ctx", CorsBridge.path("/ctx", "", ""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/shop/api/items, /shop/api/items",
            "/shop/public/../api/items, /shop/api/items",
            "/shop/api/./items, /shop/api/items",
            "/shop/api/../public/hello, /shop/public/hello",
            "/shop/api/.hidden/x, /shop/api/.hidden/x",
            "/shop/api/.., /shop/",
            "/shop/api/., /shop/api/",
            "/.., /",
            "/../../shop/api, /shop/api"})
    void dotSegmentsAreResolved(String path, String expected) {
        assertEquals(expected, CorsBridge.withoutDotSegments(path));
    }

    @Test
    void aPathWithoutDotSegmentsIsReturnedAsItIs() {
        String path = "/shop/api/items";
        assertTrue(path == CorsBridge.withoutDotSegments(path));
        assertNull(CorsBridge.withoutDotSegments(null));
    }
}
