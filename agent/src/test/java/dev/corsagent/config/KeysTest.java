package dev.corsagent.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every key of the registry: its default, one valid value as read, one invalid value and its message. */
class KeysTest {
    private static final String ORIGIN = "cors.allowed-origins = https://app.example.com\n";

    /** key, default (as read back), a valid value, as read back, an invalid value, its message. */
    private static final String[][] AGENT_ROWS = {
        {"cors.mode", "enforce", "report-only", "report-only", "on", "is not a mode; use enforce, report-only or off"},
        {"cors.log.level", "info", "DEBUG", "debug", "verbose",
            "is not a log level; use one of trace, debug, info, warn, error, off"},
        {"cors.log.file", "stderr", "/var/log/cors.log", "/var/log/cors.log", "",
            "needs a file path; leave the key out to log to stderr"},
    };

    private static final String[][] POLICY_ROWS = {
        {"paths", "[/**]", "/api/**, /health", "[/api/**, /health]", "api/**",
            "'api/**': a path pattern starts with '/' (e.g. /api/**)"},
        {"allowed-origins", "[]", "HTTPS://App.Example.COM:443, https://*.example.org",
            "[https://app.example.com, https://*.example.org]", "https://app.example.com/",
            "'https://app.example.com/' must not end with a slash: browsers send the origin without one"
                + " (https://app.example.com)"},
        {"allowed-methods", "[GET, HEAD, POST]", "GET, PUT", "[GET, PUT]", "TRACE",
            "'TRACE' is never allowed cross-origin (CONNECT, TRACE and TRACK are forbidden methods)"},
        {"allowed-headers", "[]", "X-Token, x-token", "[X-Token]", "Cookie",
            "'Cookie' is a forbidden header name: browsers never let a page send it; cookies go with"
                + " allow-credentials = true"},
        {"exposed-headers", "[]", "X-Total", "[X-Total]", "Set-Cookie",
            "'Set-Cookie' is a forbidden header name: browsers never let a page read it"},
        {"allow-credentials", "false", "TRUE", "true", "yes", "must be true or false"},
        {"max-age", "null", "600", "600", "86401", "must be a number of seconds from 0 to 86400"},
        {"allow-private-network", "false", "true", "true", "1", "must be true or false"},
        {"preflight-status", "204", "200", "200", "201", "must be 200 or 204"},
        {"timing-allow-origin", "[]", "*", "[*]", "https://*.example.com",
            "'https://*.example.com' is a pattern, but browsers compare Timing-Allow-Origin with the page's origin"
                + " exactly; list each origin (https://app.example.com) or use *"},
        {"cross-origin-protection", "off", "Report-Only", "report-only", "on",
            "must be off, report-only (log what would be refused) or enforce (refuse it)"},
    };

    private static AgentConfig valid(String text) {
        LoadResult result = ConfigLoader.parse(text, "t.properties");
        assertTrue(result.isValid(), text + " -> " + result.errors());
        return result.config();
    }

    /** The one error of {@code text}, rendered. */
    private static String error(String text) {
        LoadResult result = ConfigLoader.parse(text, "t.properties");
        assertEquals(1, result.errors().size(), text + " -> " + result.errors());
        return result.errors().get(0).toString();
    }

    /** The origin line, unless the row is about origins itself. */
    private static String originUnless(String key) {
        return key.endsWith("allowed-origins") ? "" : ORIGIN;
    }

    @Test
    void everyKeyHasARow() {
        List<String> names = new ArrayList<String>();
        for (Setting.Agent<?> key : Keys.AGENT) {
            names.add(key.name());
        }
        for (Setting.Policy<?> key : Keys.POLICY) {
            names.add(key.name());
        }
        List<String> rows = new ArrayList<String>();
        for (String[] row : AGENT_ROWS) {
            rows.add(row[0]);
        }
        for (String[] row : POLICY_ROWS) {
            rows.add(row[0]);
        }
        assertEquals(names, rows);
    }

    @Test
    void agentKeys() {
        for (String[] row : AGENT_ROWS) {
            Setting.Agent<?> key = agentKey(row[0]);
            assertEquals(row[1], key.shown(valid(ORIGIN)), row[0] + " default");
            assertEquals(row[3], key.shown(valid(row[0] + " = " + row[2] + "\n" + ORIGIN)), row[0] + " valid");
            assertEquals("t.properties:1: " + row[0] + " = " + row[4] + ": " + row[5],
                    error(row[0] + " = " + row[4] + "\n" + ORIGIN));
        }
    }

    @Test
    void policyKeysAtTheTopLevel() {
        for (String[] row : POLICY_ROWS) {
            Setting.Policy<?> key = Keys.policyKey(row[0]);
            String key0 = "cors." + row[0];
            assertEquals(row[1], String.valueOf(key.get(valid(originUnless(key0)).policies().get(0))), key0);
            PolicyConfig set = valid(key0 + " = " + row[2] + "\n" + originUnless(key0)).policies().get(0);
            assertEquals(row[3], String.valueOf(key.get(set)), key0 + " valid");
            assertEquals("t.properties:1: " + key0 + " = " + row[4] + ": " + row[5],
                    error(key0 + " = " + row[4] + "\n" + originUnless(key0)));
        }
    }

    @Test
    void policyKeysForOnePolicy() {
        for (String[] row : POLICY_ROWS) {
            Setting.Policy<?> key = Keys.policyKey(row[0]);
            String own = "cors.policy.api." + row[0];
            String head = "cors.policies = api\n" + originUnless(own);
            int line = head.split("\n").length + 1;
            PolicyConfig set = valid(head + own + " = " + row[2] + "\n").policies().get(0);
            assertEquals(row[3], String.valueOf(key.get(set)), own + " valid");
            assertEquals("t.properties:" + line + ": " + own + " = " + row[4] + ": " + row[5],
                    error(head + own + " = " + row[4] + "\n"));
        }
    }

    @Test
    void policiesNamesThePolicies() {
        assertEquals(Arrays.asList("default"), names(valid(ORIGIN)));
        assertEquals(Arrays.asList("api", "admin"), names(valid("cors.policies = api, admin\n" + ORIGIN
                + "cors.policy.api.paths = /api/**\n")));
        assertEquals("t.properties:1: cors.policies = a.b: 'a.b' is not a valid policy name (letters, digits, '-'"
                + " and '_')", error("cors.policies = a.b\n" + ORIGIN));
    }

    private static List<String> names(AgentConfig config) {
        List<String> names = new ArrayList<String>();
        for (PolicyConfig policy : config.policies()) {
            names.add(policy.name());
        }
        return names;
    }

    private static Setting.Agent<?> agentKey(String name) {
        for (Setting.Agent<?> key : Keys.AGENT) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        throw new AssertionError("no key " + name);
    }

    @Test
    void policyConfigPrintsEveryKey() {
        PolicyConfig policy = valid(ORIGIN).policies().get(0);
        assertNotNull(policy);
        assertEquals("default{paths=[/**], allowed-origins=[https://app.example.com], allowed-methods=[GET, HEAD,"
                + " POST], allowed-headers=[], exposed-headers=[], allow-credentials=false, max-age=null,"
                + " allow-private-network=false, preflight-status=204, timing-allow-origin=[],"
                + " cross-origin-protection=off}", policy.toString());
    }

    /** What the reload log writes where that is not the value itself: an absent value, a mode's spelling. */
    @Test
    void shownForAbsentValuesAndModes() {
        PolicyConfig defaults = valid(ORIGIN).policies().get(0);
        assertEquals("not sent", Keys.MAX_AGE.shown(defaults));
        assertEquals("not sent", Keys.TIMING_ALLOW_ORIGIN.shown(defaults));
        assertEquals(Collections.emptyList(), Keys.ALLOWED_HEADERS.shown(defaults)); // the log writes (none)
        assertEquals("off", Keys.CROSS_ORIGIN_PROTECTION.get(defaults));
        assertEquals("off", Keys.CROSS_ORIGIN_PROTECTION.shown(defaults));
        assertEquals(Mode.OFF, defaults.crossOriginProtection());
        PolicyConfig set = valid(ORIGIN + "cors.max-age = 600\ncors.timing-allow-origin = *\n"
                + "cors.cross-origin-protection = enforce\n").policies().get(0);
        assertEquals(Integer.valueOf(600), Keys.MAX_AGE.shown(set));
        assertEquals(Arrays.asList("*"), Keys.TIMING_ALLOW_ORIGIN.shown(set));
        assertEquals("enforce", Keys.CROSS_ORIGIN_PROTECTION.shown(set));
        assertEquals("report-only", Keys.MODE.shown(valid("cors.mode = report-only\n" + ORIGIN)));
        List<String> byItems = new ArrayList<String>();
        for (Setting.Policy<?> key : Keys.POLICY) {
            if (key.diffByItems()) {
                byItems.add(key.name());
            }
        }
        assertEquals(Arrays.asList("allowed-origins"), byItems);
    }

    /** A config without a mode or a log file (the loader always sets a mode): the texts for null. */
    @Test
    void shownForNullAgentValues() {
        AgentConfig none = new AgentConfig(new Object[] {null, "info", null}, Collections.<PolicyConfig>emptyList());
        assertEquals("(none)", Keys.MODE.shown(none));
        assertEquals("info", Keys.LOG_LEVEL.shown(none));
        assertEquals("stderr", Keys.LOG_FILE.shown(none));
    }
}
