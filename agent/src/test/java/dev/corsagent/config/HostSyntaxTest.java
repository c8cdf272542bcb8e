package dev.corsagent.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostSyntaxTest {

    @Test
    void canonicalIpv6IsTheRfc5952Form() {
        assertEquals("::1", HostSyntax.canonicalIpv6("0:0:0:0:0:0:0:1"));
        assertEquals("2001:db8::1", HostSyntax.canonicalIpv6("2001:0DB8:0:0:0:0:0:0001"));
        assertEquals("2001:db8:0:1:1:1:1:1", HostSyntax.canonicalIpv6("2001:db8:0:1:1:1:1:1"));
        // the longest run of zero groups is compressed; on a tie, the first
        assertEquals("1:0:0:2::3", HostSyntax.canonicalIpv6("1:0:0:2:0:0:0:3"));
        assertEquals("1::2:0:0:3:4", HostSyntax.canonicalIpv6("1:0:0:2:0:0:3:4"));
        assertEquals("::ffff:102:304", HostSyntax.canonicalIpv6("::ffff:1.2.3.4"));
        assertEquals("::", HostSyntax.canonicalIpv6("::"));
        assertNull(HostSyntax.canonicalIpv6("1::2::3"));
        assertNull(HostSyntax.canonicalIpv6("12345::"));
        assertNull(HostSyntax.canonicalIpv6("1:2:3:4:5:6:7"));
        assertNull(HostSyntax.canonicalIpv6("g::1"));
    }

    @Test
    void hostsAreLowerCaseLdhOrCanonicalIpv4() {
        assertNull(HostSyntax.checkLowerCaseHost("app.example.com"));
        assertNull(HostSyntax.checkLowerCaseHost("10.0.0.1"));
        assertNotNull(HostSyntax.checkLowerCaseHost("App.example.com"));
        assertNotNull(HostSyntax.checkLowerCaseHost("10.0.0.01"));
        assertNotNull(HostSyntax.checkLowerCaseHost("10.0.1"));
        assertNotNull(HostSyntax.checkLowerCaseHost("0x7f.1"));
        assertNotNull(HostSyntax.checkLowerCaseHost(".example.com"));
        assertNotNull(HostSyntax.checkLowerCaseHost("a%2e.example.com"));
    }

    @Test
    void strictSubdomainNeedsAWholeNonEmptyLabelLeftOfTheBase() {
        String[] base = {"app", "example", "com"};
        assertTrue(HostSyntax.isStrictSubdomain("x.app.example.com", base));
        assertFalse(HostSyntax.isStrictSubdomain("app.example.com", base));
        assertFalse(HostSyntax.isStrictSubdomain(".app.example.com", base));
        assertFalse(HostSyntax.isStrictSubdomain("xapp.example.com", base));
        assertFalse(HostSyntax.isStrictSubdomain("x.app.example.com.evil", base));
        assertFalse(HostSyntax.isStrictSubdomain("com", base));
    }

    @Test
    void aHostEndsInANumberWhenItsLastLabelIsDecimalOrHex() {
        assertTrue(HostSyntax.endsInNumber("10.0.0.1"));
        assertTrue(HostSyntax.endsInNumber("example.123"));
        assertTrue(HostSyntax.endsInNumber("example.0x1f"));
        assertTrue(HostSyntax.endsInNumber("42"));
        assertFalse(HostSyntax.endsInNumber("app.example.com"));
        assertFalse(HostSyntax.endsInNumber("example.1a"));
        assertFalse(HostSyntax.endsInNumber("example."));
        assertFalse(HostSyntax.endsInNumber(""));
    }

    @Test
    void punycodeLabelsMustDecode() {
        // RFC 3492 section 7.1 samples (lower-cased as hosts are), an emoji label, German umlauts
        for (String label : new String[] {"xn--egbpdaj6bu4bxfgehfvwxn", "xn--ihqwcrb4cv8a8dqg056pqjye",
                "xn--proprostnemluvesky-uyb24dma41a", "xn--ls8h", "xn--bcher-kva", "xn--mnchen-3ya"}) {
            assertNull(HostSyntax.checkLowerCaseHost(label + ".example"), label);
        }
        for (String label : new String[] {"xn--f", "xn--", "xn--abc-", "xn--999999999999999",
                "xn--_a"}) {
            String problem = HostSyntax.checkLowerCaseHost(label + ".example");
            assertNotNull(problem, label);
        }
        assertTrue(HostSyntax.checkLowerCaseHost("xn--f.example").contains("not valid punycode"));
        assertNull(HostSyntax.checkLowerCaseHost("example.com."));
        assertNotNull(HostSyntax.checkLowerCaseHost("example.com.."));
        assertNotNull(HostSyntax.checkLowerCaseHost("."));
        assertTrue(HostSyntax.endsInNumber("1.2.3.4."));
        assertTrue(HostSyntax.isLowerCaseScheme("a" + new String(new char[500]).replace('\0', 'b')));
    }
}
