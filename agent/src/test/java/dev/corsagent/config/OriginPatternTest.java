package dev.corsagent.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginPatternTest {

    private static OriginPattern pattern(String text) {
        OriginPattern.ParseResult result = OriginPattern.parse(text);
        assertNull(result.error, result.error);
        return result.pattern;
    }

    private static String refusal(String text) {
        OriginPattern.ParseResult result = OriginPattern.parse(text);
        assertNull(result.pattern);
        assertNotNull(result.error);
        return result.error;
    }

    @Test
    void subdomainPatternMatchesLabelsNotCharacters() {
        OriginPattern p = pattern("https://*.app.example.com");
        assertTrue(p.isSubdomainPattern());
        assertTrue(p.matches("https", "eu.app.example.com", -1));
        assertTrue(p.matches("https", "a.b.app.example.com", -1));
        // the apex is never covered
        assertFalse(p.matches("https", "app.example.com", -1));
        // not on a label boundary
        assertFalse(p.matches("https", "evilapp.example.com", -1));
        // the pattern's base as a prefix of an attacker's domain
        assertFalse(p.matches("https", "app.example.com.evil.example", -1));
        assertFalse(p.matches("https", "x.app.example.com.evil.example", -1));
        assertFalse(p.matches("https", "example.com", -1));
        // scheme and port are exact
        assertFalse(p.matches("http", "eu.app.example.com", -1));
        assertFalse(p.matches("https", "eu.app.example.com", 8443));
    }

    @Test
    void anyPortPattern() {
        OriginPattern p = pattern("http://localhost:*");
        assertTrue(p.isAnyPort());
        assertFalse(p.isExact());
        assertTrue(p.matches("http", "localhost", 3000));
        assertTrue(p.matches("http", "localhost", -1));
        assertFalse(p.matches("http", "localhost.evil.example", 3000));
        assertFalse(p.matches("https", "localhost", 3000));
        OriginPattern both = pattern("https://*.example.com:*");
        assertTrue(both.matches("https", "a.example.com", 8443));
        assertFalse(both.matches("https", "example.com", 8443));
    }

    @Test
    void exactOriginMatchesOnlyItself() {
        OriginPattern p = pattern("https://app.example.com:8443");
        assertTrue(p.isExact());
        assertEquals("https://app.example.com:8443", p.text());
        assertTrue(p.matches("https", "app.example.com", 8443));
        assertFalse(p.matches("https", "app.example.com", -1));
        assertFalse(p.matches("https", "x.app.example.com", 8443));
    }

    @Test
    void anyAndNull() {
        assertEquals(OriginPattern.Kind.ANY, pattern("*").kind());
        OriginPattern.ParseResult nullOrigin = OriginPattern.parse("null");
        assertEquals(OriginPattern.Kind.NULL, nullOrigin.pattern.kind());
        assertEquals(1, nullOrigin.warnings.size());
        assertFalse(pattern("*").matches("https", "a.example.com", -1)); // ANY is handled by the engine
    }

    @Test
    void normalizesCaseAndDefaultPorts() {
        assertEquals("https://app.example.com", pattern("HTTPS://APP.Example.com:443").text());
        assertEquals("http://app.example.com", pattern("http://app.example.com:80").text());
        assertEquals("https://app.example.com:80", pattern("https://app.example.com:80").text());
        assertEquals("https://*.example.com", pattern("https://*.EXAMPLE.com").text());
        assertEquals("http://[::1]:8080", pattern("http://[::1]:8080").text());
        assertEquals(1, OriginPattern.parse("HTTPS://app.example.com").warnings.size());
        assertTrue(OriginPattern.parse("https://app.example.com").warnings.isEmpty());
    }

    @Test
    void refusesMalformedOrigins() {
        assertTrue(refusal("https://app.example.com/").contains("slash"));
        assertTrue(refusal("https://app.example.com/x").contains("path"));
        assertTrue(refusal("https://u:p@app.example.com").contains("userinfo"));
        assertTrue(refusal("file:///etc").contains("file:"));
        assertTrue(refusal("http://[0:0:0:0:0:0:0:1]").contains("compressed"));
        assertTrue(refusal("http://[::ffff:1.2.3.4]").contains("[::ffff:102:304]"));
        assertTrue(refusal("http://[::1").contains("]"));
        assertTrue(refusal("https://app..example.com").contains("empty label"));
        assertTrue(refusal("https://01.2.3.4").contains("IPv4"));
        assertTrue(refusal("https://*.*.example.com").contains("whole leftmost label"));
        assertTrue(refusal("https://a b.com").contains("space"));
        assertTrue(refusal("https://app.example.com:8x").contains("port"));
    }

    @Test
    void refusesPatternsWiderThanARegistrableDomain() {
        assertTrue(refusal("https://*.com").contains("registrable"));
        assertTrue(refusal("https://*.internal").contains("two labels"));
        assertTrue(refusal("https://*.com.").contains("registrable")); // a trailing dot hides nothing
        assertTrue(refusal("https://*.co.uk.").contains("public suffix"));
        assertNotNull(pattern("http://*.localhost:*")); // RFC 6761: all of it is this machine
        assertTrue(refusal("https://*.co.uk").contains("public suffix"));
        assertTrue(refusal("https://*.com.au").contains("public suffix"));
        assertTrue(refusal("https://*.herokuapp.com").contains("public suffix"));
        assertNotNull(pattern("https://*.example.co.uk"));
        assertNotNull(pattern("https://*.example.com"));
    }

    @Test
    void refusesPortZeroInvalidPunycodeAndHostsNoDnsNameHas() {
        assertTrue(refusal("http://localhost:0").contains("port 0"));
        assertTrue(refusal("http://localhost:0000").contains("port 0"));
        assertTrue(refusal("https://xn--f.example.com").contains("not valid punycode"));
        assertTrue(refusal("https://*.xn--abc-.example.com").contains("not valid punycode"));
        assertTrue(refusal("https://xn--.example").contains("not valid punycode"));
        assertNotNull(pattern("https://xn--bcher-kva.example"));
        assertNotNull(pattern("https://*.xn--mnchen-3ya.de"));
        assertTrue(refusal("https://" + repeat("a", 64) + ".example").contains("longer than 63"));
        String base = repeat("abcdefghi.", 25) + "com"; // 253 characters: a valid name, but no room for *.
        assertNotNull(pattern("https://" + base));
        assertTrue(refusal("https://*." + base).contains("can match no DNS name"));
        assertTrue(refusal("https://a" + base).contains("longer than 253"));
    }

    @Test
    void acceptsTrailingDotsAndLongSchemes() {
        OriginPattern dot = pattern("http://example.com.");
        assertEquals("http://example.com.", dot.text());
        assertTrue(dot.isExact());
        assertNotNull(pattern("http://" + repeat("abcdefghi.", 25) + "com.")); // 253 characters and the root dot
        OriginPattern sub = pattern("https://*.example.com.");
        assertTrue(sub.matches("https", "a.example.com.", -1));
        assertFalse(sub.matches("https", "a.example.com", -1));
        assertFalse(pattern("https://*.example.com").matches("https", "a.example.com.", -1));
        assertTrue(refusal("http://1.2.3.4.").contains("IPv4"));
        String scheme = "web+" + repeat("long", 20);
        assertEquals(scheme + "://app", pattern(scheme + "://app").text());
    }

    private static String repeat(String text, int times) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < times; i++) {
            out.append(text);
        }
        return out.toString();
    }
}
