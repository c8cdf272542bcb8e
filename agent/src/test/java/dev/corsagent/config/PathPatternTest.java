package dev.corsagent.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathPatternTest {

    private static boolean matches(String pattern, String path) {
        return PathPattern.compile(pattern).matches(path);
    }

    @Test
    void doubleStarMatchesAnyNumberOfSegments() {
        assertTrue(matches("/**", "/"));
        assertTrue(matches("/**", "/a/b/c"));
        assertTrue(matches("/api/**", "/api"));
        assertTrue(matches("/api/**", "/api/"));
        assertTrue(matches("/api/**", "/api/orders/7"));
        assertFalse(matches("/api/**", "/apiary"));
        assertFalse(matches("/api/**", "/other/api/x"));
        assertTrue(matches("/shop/**/items", "/shop/items"));
        assertTrue(matches("/shop/**/items", "/shop/a/b/items"));
        assertFalse(matches("/shop/**/items", "/shop/a/b/items/1"));
        assertTrue(matches("/**/**/x", "/a/x"));
    }

    @Test
    void singleStarMatchesExactlyOneSegment() {
        assertTrue(matches("/api/*", "/api/orders"));
        assertFalse(matches("/api/*", "/api"));
        assertFalse(matches("/api/*", "/api/orders/7"));
        assertTrue(matches("/api/*/items", "/api/7/items"));
        assertFalse(matches("/api/*/items", "/api/items"));
    }

    @Test
    void literalSegmentsAreExactAndCaseSensitive() {
        assertTrue(matches("/health", "/health"));
        assertTrue(matches("/health", "/health/"));
        assertTrue(matches("/health", "//health"));
        assertFalse(matches("/health", "/Health"));
        assertFalse(matches("/health", "/healthz"));
        assertFalse(matches("/health", "/health/x"));
        assertFalse(matches("/health", null));
    }

    @Test
    void checksSyntax() {
        assertNull(PathPattern.check("/api/**"));
        assertNotNull(PathPattern.check("api/**"));
        assertNotNull(PathPattern.check("/api/*.json"));
        assertNotNull(PathPattern.check("/api?x"));
        assertNotNull(PathPattern.check("/a b"));
        assertTrue(PathPattern.compile("/**").matchesEverything());
        assertFalse(PathPattern.compile("/api/**").matchesEverything());
    }
}
