package dev.corsagent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** SPEC rules 7 and 8, branch by branch, through {@link CorsEngine#protect}. */
class CrossOriginProtectionTest {
    private static final String POLICY = String.join("\n",
            "cors.policies = exempt, trial, open, shop",
            "cors.paths = /api/**",
            "cors.allowed-origins = https://app.example.com, https://*.trusted.example, null",
            "cors.cross-origin-protection = enforce",
            "cors.policy.exempt.paths = /api/sso/callback",
            "cors.policy.exempt.cross-origin-protection = off",
            "cors.policy.trial.paths = /api/trial/**",
            "cors.policy.trial.cross-origin-protection = report-only",
            "cors.policy.open.paths = /open/**",
            "cors.policy.open.allowed-origins = *",
            "");

    private static final CorsEngine ENGINE = compile(POLICY);

    private static CorsEngine compile(String text) {
        LoadResult result = ConfigLoader.parse(text, "t.properties");
        assertTrue(result.isValid(), result.errors().toString());
        return CorsEngine.compile(result.config());
    }

    /** "-" stands for an absent header. */
    private static String value(String cell) {
        return cell == null || cell.equals("-") ? null : cell;
    }

    @ParameterizedTest(name = "{0} {1} Origin={2} Sec-Fetch-Site={3} Host={4}: {5}")
    @CsvSource(delimiter = '|', value = {
        // safe methods always pass (rule 7)
        "GET     | /api/items | https://evil.example    | cross-site  | shop.example | pass",
        "HEAD    | /api/items | https://evil.example    | cross-site  | shop.example | pass",
        "OPTIONS | /api/items | https://evil.example    | cross-site  | shop.example | pass",
        // Sec-Fetch-Site present
        "POST    | /api/items | https://evil.example    | same-origin | shop.example | pass",
        "POST    | /api/items | https://evil.example    | SAME-ORIGIN | shop.example | pass",
        "POST    | /api/items | -                       | none        | shop.example | pass",
        "POST    | /api/items | https://evil.example    | cross-site  | shop.example | CROSS_SITE",
        "POST    | /api/items | https://evil.example    | same-site   | shop.example | CROSS_SITE",
        "POST    | /api/items | -                       | cross-site  | shop.example | CROSS_SITE",
        "PUT     | /api/items | https://app.example.com | cross-site  | shop.example | pass",
        "DELETE  | /api/items | https://a.trusted.example | cross-site | shop.example | pass",
        "PATCH   | /api/items | https://trusted.example.evil.example | cross-site | shop.example | CROSS_SITE",
        "POST    | /api/items | null                    | cross-site  | shop.example | CROSS_SITE",
        "POST    | /api/items | https://app.example.com/ | cross-site | shop.example | CROSS_SITE",
        // no Sec-Fetch-Site: the Origin/Host fallback
        "POST    | /api/items | -                       | -           | shop.example | pass",
        "POST    | /api/items | https://shop.example    | -           | shop.example | pass",
        "POST    | /api/items | https://shop.example    | -           | SHOP.Example:443 | pass",
        "POST    | /api/items | http://shop.example:8080 | -          | shop.example:8080 | pass",
        "POST    | /api/items | http://[::1]:8080       | -           | [::1]:8080   | pass",
        "POST    | /api/items | https://shop.example    | -           | shop.example:8443 | FOREIGN_ORIGIN",
        "POST    | /api/items | https://shop.example.evil.example | - | shop.example | FOREIGN_ORIGIN",
        "POST    | /api/items | https://evil.example    | -           | shop.example | FOREIGN_ORIGIN",
        "POST    | /api/items | https://evil.example    | -           | -            | FOREIGN_ORIGIN",
        "POST    | /api/items | https://app.example.com | -           | shop.example | pass",
        "POST    | /api/items | null                    | -           | shop.example | FOREIGN_ORIGIN",
        "POST    | /api/items | not an origin           | -           | shop.example | FOREIGN_ORIGIN",
        // exemptions, report-only, * and uncovered paths
        "POST    | /api/sso/callback | https://evil.example | cross-site | shop.example | pass",
        "POST    | /api/trial/x | https://evil.example  | cross-site  | shop.example | CROSS_SITE (report-only)",
        "POST    | /open/form | https://evil.example    | cross-site  | shop.example | CROSS_SITE",
        "POST    | /open/form | https://shop.example    | -           | shop.example | pass",
        "POST    | /elsewhere | https://evil.example    | cross-site  | shop.example | pass",
    })
    void rule7(String method, String path, String origin, String fetchSite, String host, String expected) {
        assertEquals(expected, outcome(ENGINE.protect(method, path, value(origin), false, value(fetchSite), null,
                value(host), "https")));
    }

    @ParameterizedTest(name = "WebSocket {0} Origin={1} Host={2} scheme={3}: {4}")
    @CsvSource(delimiter = '|', value = {
        "websocket | https://shop.example    | shop.example      | https | pass",
        "WebSocket | http://shop.example:8080 | shop.example:8080 | http  | pass",
        "websocket | http://shop.example     | shop.example      | https | WEBSOCKET_FOREIGN_ORIGIN",
        "websocket | https://app.example.com | shop.example      | https | pass",
        "websocket | https://x.trusted.example | shop.example    | https | pass",
        "websocket | https://evil.example    | shop.example      | https | WEBSOCKET_FOREIGN_ORIGIN",
        "websocket | -                       | shop.example      | https | pass",
        "websocket | null                    | shop.example      | https | WEBSOCKET_INVALID_ORIGIN",
        "websocket | https://shop.example/   | shop.example      | https | WEBSOCKET_INVALID_ORIGIN",
        "h2c, websocket | https://evil.example | shop.example    | https | WEBSOCKET_FOREIGN_ORIGIN",
        "-         | https://evil.example    | shop.example      | https | pass",
        "h2c       | https://evil.example    | shop.example      | https | pass",
    })
    void rule8(String upgrade, String origin, String host, String scheme, String expected) {
        assertEquals(expected, outcome(ENGINE.protect("GET", "/api/socket", value(origin), false, null,
                value(upgrade), value(host), scheme)));
    }

    @Test
    void severalOriginLinesAreNeverTrusted() {
        assertEquals("FOREIGN_ORIGIN", outcome(ENGINE.protect("POST", "/api/items", "https://shop.example", true,
                null, null, "shop.example", "https")));
        assertEquals("CROSS_SITE", outcome(ENGINE.protect("POST", "/api/items", "https://app.example.com", true,
                "cross-site", null, "shop.example", "https")));
        assertEquals("WEBSOCKET_INVALID_ORIGIN", outcome(ENGINE.protect("GET", "/api/ws", "https://shop.example",
                true, null, "websocket", "shop.example", "https")));
    }

    @Test
    void aRefusalIsCountedAndItsLineNamesOriginMethodPathPolicyAndRule() {
        CorsEngine engine = compile(POLICY);
        ProtectionDecision refused = engine.protect("POST", "/api/items", "https://evil.example", false, "cross-site",
                null, "shop.example", "https");
        assertEquals("cross-origin protection refused POST /api/items from https://evil.example (policy shop):"
                + " Sec-Fetch-Site is cross-site and the origin is not in allowed-origins; answered 403 before the app",
                refused.line(true));
        assertEquals(403, refused.plan().answerStatus);
        assertEquals(0, refused.plan().headerNames.length, "no Access-Control-* header");
        assertTrue(refused.enforced());
        assertEquals(1, engine.stats().policy("shop").crossOriginRefused());
        ProtectionDecision trial = engine.protect("POST", "/api/trial/x", "https://evil.example\r\nX: y", false, null,
                null, "shop.example", "https");
        assertFalse(trial.enforced());
        assertEquals("cross-origin protection would refuse (report-only, let through) POST /api/trial/x from"
                + " https://evil.example\\x0d\\x0aX: y (policy trial): the Origin is not this server's (Host shop.example)"
                + " and not in allowed-origins", trial.line(false));
    }

    @Test
    void onlyAnEngineWithAProtectingPolicySaysItProtects() {
        assertTrue(ENGINE.protects());
        assertFalse(compile("cors.allowed-origins = https://app.example.com\n").protects());
        assertNull(compile("cors.allowed-origins = https://app.example.com\n").protect("POST", "/x",
                "https://evil.example", false, "cross-site", null, "shop.example", "https"));
    }

    private static String outcome(ProtectionDecision decision) {
        return decision == null ? "pass" : decision.refusal() + (decision.enforced() ? "" : " (report-only)");
    }
}
