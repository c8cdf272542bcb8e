package dev.corsagent.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerializedOriginTest {

    @Test
    void acceptsWhatBrowsersSend() {
        SerializedOrigin origin = SerializedOrigin.parse("https://app.example.com:8443");
        assertNotNull(origin);
        assertEquals("https", origin.scheme());
        assertEquals("app.example.com", origin.host());
        assertEquals(8443, origin.port());
        assertEquals(-1, SerializedOrigin.parse("http://localhost").port());
        assertNotNull(SerializedOrigin.parse("http://127.0.0.1:3000"));
        assertEquals("[::1]", SerializedOrigin.parse("http://[::1]:8080").host());
        assertNotNull(SerializedOrigin.parse("https://xn--bcher-kva.example"));
        assertNotNull(SerializedOrigin.parse("chrome-extension://abcdefghijklmnop"));
        assertTrue(SerializedOrigin.parse("null").isNull());
        // a trailing dot is part of the host browsers serialize (URL Standard)
        assertEquals("example.com.", SerializedOrigin.parse("http://example.com.").host());
        assertNotNull(SerializedOrigin.parse("https://xn--ls8h.la")); // an emoji label: valid punycode
        assertNotNull(SerializedOrigin.parse("https://xn--mnchen-3ya.de:8443"));
        // the URL Standard puts no limit on a scheme's length
        StringBuilder scheme = new StringBuilder("x");
        while (scheme.length() < 100) {
            scheme.append("-scheme");
        }
        assertNotNull(SerializedOrigin.parse(scheme + "://app"));
    }

    @Test
    void refusesAnythingElse() {
        String[] malformed = {
                "", "NULL", "https://App.example.com", "HTTPS://app.example.com", "https://app.example.com/",
                "https://app.example.com/path", "https://app.example.com:443", "http://app.example.com:80",
                "https://user@app.example.com", "https://app.example.com?q", "https://app.example.com#f",
                "https://app.example.com:", "https://app.example.com:08443", "https://app.example.com:70000",
                "https://app.example.com\r\nSet-Cookie: x=1", "https://app.example.com ", " https://app.example.com",
                "https://bücher.example", "http://[0:0:0:0:0:0:0:1]", "http://[::1", "http://01.2.3.4",
                "https://a..example.com", "https://example.com..", "https://.", "app.example.com",
                "https://xn--f.example", "https://xn--abc-.example", "https://xn--.example", "http://1.2.3.4.", "://app.example.com",
                "https://", "https://app.example.com, https://b.example.com", "https://*.example.com",
        };
        for (String value : malformed) {
            assertNull(SerializedOrigin.parse(value), value);
        }
        StringBuilder longHost = new StringBuilder("https://");
        while (longHost.length() < 400) {
            longHost.append("aaaaaaaaa.");
        }
        longHost.append("com");
        assertNull(SerializedOrigin.parse(longHost.toString()));
        assertNull(SerializedOrigin.parse(null));
    }
}
