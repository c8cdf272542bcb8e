package dev.corsagent.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks on raw responses; every failure message shows the whole request and response. */
public final class CorsAssertions {
    private CorsAssertions() {
    }

    public static void assertStatus(int expected, HttpResponse r) {
        assertEquals(expected, r.status(), () -> "status\n" + r);
    }

    /** Exactly one line of {@code name}, with exactly {@code value}. */
    public static void assertSingleHeader(String name, String value, HttpResponse r) {
        List<String> values = r.headers(name);
        assertEquals(List.of(value), values, () -> name + " must come once with this value\n" + r);
    }

    public static void assertNoHeader(String name, HttpResponse r) {
        assertEquals(List.of(), r.headers(name), () -> "no " + name + " expected\n" + r);
    }

    public static void assertNoCorsHeaders(HttpResponse r) {
        assertEquals(List.of(), r.headerNamesStartingWith("Access-Control-"), () -> "no Access-Control-* header expected\n" + r);
    }

    /** Every token (case-insensitive) appears in some line of the header's comma-separated lists. */
    public static void assertTokens(String name, HttpResponse r, String... expected) {
        Set<String> tokens = r.tokens(name);
        for (String token : expected) {
            assertTrue(tokens.contains(token.toLowerCase(Locale.ROOT)),
                    () -> name + " must contain " + token + " (has " + tokens + ")\n" + r);
        }
    }

    /** Vary names every expected token, and no token twice (merging must not duplicate). */
    public static void assertVary(HttpResponse r, String... expected) {
        assertTokens("Vary", r, expected);
        List<String> all = r.tokenList("Vary");
        assertEquals(all.size(), r.tokens("Vary").size(), () -> "a Vary token is repeated " + all + "\n" + r);
    }

    public static void assertNoToken(String name, String token, HttpResponse r) {
        assertTrue(!r.tokens(name).contains(token.toLowerCase(Locale.ROOT)), () -> name + " must not contain " + token + "\n" + r);
    }

    /** The grant of an actual request from {@code origin} under the contract policy. */
    public static void assertActualGrant(String origin, HttpResponse r) {
        assertSingleHeader("Access-Control-Allow-Origin", origin, r);
        assertSingleHeader("Access-Control-Allow-Credentials", "true", r);
        assertTokens("Access-Control-Expose-Headers", r, "X-Request-Id");
        assertNoToken("Access-Control-Expose-Headers", "X-Internal", r);
        assertVary(r, "Origin");
        // preflight-only headers have no place on an actual response
        assertNoHeader("Access-Control-Allow-Methods", r);
        assertNoHeader("Access-Control-Allow-Headers", r);
        assertNoHeader("Access-Control-Max-Age", r);
    }
}
