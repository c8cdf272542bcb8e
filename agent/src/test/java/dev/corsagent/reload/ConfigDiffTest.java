package dev.corsagent.reload;

import dev.corsagent.config.AgentConfig;
import dev.corsagent.config.ConfigLoader;
import dev.corsagent.config.LoadResult;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigDiffTest {
    private static AgentConfig config(String... lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        LoadResult result = ConfigLoader.parse(text.toString(), "test.properties");
        assertTrue(result.isValid(), () -> "test config must be valid: " + result.errors());
        return result.config();
    }

    private static final String[] TWO_POLICIES = {
        "cors.policies = api, public",
        "cors.policy.api.paths = /api/**",
        "cors.policy.api.allowed-origins = https://a.example.com, https://b.example.com",
        "cors.policy.public.paths = /public/**",
        "cors.policy.public.allowed-origins = *",
    };

    @Test
    void identicalConfigsHaveNoDifferences() {
        assertEquals(Collections.emptyList(),
                ConfigDiff.describe(config(TWO_POLICIES), config(TWO_POLICIES)));
    }

    @Test
    void modeChange() {
        AgentConfig before = config("cors.allowed-origins = https://a.example.com");
        AgentConfig after = config("cors.allowed-origins = https://a.example.com", "cors.mode = report-only");
        assertEquals(Collections.singletonList("mode: enforce -> report-only"),
                ConfigDiff.describe(before, after));
    }

    @Test
    void originsAddedAndRemovedPerPolicy() {
        AgentConfig before = config(TWO_POLICIES);
        AgentConfig after = config(
                "cors.policies = api, public",
                "cors.policy.api.paths = /api/**",
                "cors.policy.api.allowed-origins = https://b.example.com, https://c.example.com",
                "cors.policy.public.paths = /public/**",
                "cors.policy.public.allowed-origins = *");
        assertEquals(Arrays.asList(
                "policy api: origins added https://c.example.com",
                "policy api: origins removed https://a.example.com"),
                ConfigDiff.describe(before, after));
    }

    @Test
    void policiesAddedAndRemoved() {
        AgentConfig before = config(TWO_POLICIES);
        AgentConfig after = config(
                "cors.policies = api, admin",
                "cors.policy.api.paths = /api/**",
                "cors.policy.api.allowed-origins = https://a.example.com, https://b.example.com",
                "cors.policy.admin.paths = /admin/**",
                "cors.policy.admin.allowed-origins = https://admin.example.com");
        assertEquals(Arrays.asList("policy removed: public", "policy added: admin"),
                ConfigDiff.describe(before, after));
    }

    @Test
    void policyOrderMattersBecauseTheFirstMatchWins() {
        AgentConfig before = config(TWO_POLICIES);
        AgentConfig after = config(
                "cors.policies = public, api",
                "cors.policy.api.paths = /api/**",
                "cors.policy.api.allowed-origins = https://a.example.com, https://b.example.com",
                "cors.policy.public.paths = /public/**",
                "cors.policy.public.allowed-origins = *");
        assertEquals(Collections.singletonList("policy order: api, public -> public, api"),
                ConfigDiff.describe(before, after));
    }

    @Test
    void otherKeysShowOldAndNewValue() {
        AgentConfig before = config("cors.allowed-origins = https://a.example.com");
        AgentConfig after = config(
                "cors.allowed-origins = https://a.example.com",
                "cors.allowed-methods = GET, PUT",
                "cors.max-age = 600",
                "cors.allow-credentials = true",
                "cors.log.level = debug");
        List<String> lines = ConfigDiff.describe(before, after);
        String policy = before.policies().get(0).name();
        assertEquals(Arrays.asList(
                "log level: info -> debug",
                "policy " + policy + ": allowed-methods: GET, HEAD, POST -> GET, PUT",
                "policy " + policy + ": allow-credentials: false -> true",
                "policy " + policy + ": max-age: not sent -> 600"), lines);
    }

    @Test
    void everyKeyHasItsLine() {
        AgentConfig before = config("cors.allowed-origins = https://a.example.com");
        AgentConfig after = config(
                "cors.mode = off",
                "cors.log.level = debug",
                "cors.log.file = /var/log/cors.log",
                "cors.paths = /api/**, /health",
                "cors.allowed-origins = https://a.example.com, https://b.example.com",
                "cors.allowed-methods = GET, PUT",
                "cors.allowed-headers = X-Token",
                "cors.exposed-headers = X-Total",
                "cors.allow-credentials = true",
                "cors.max-age = 600",
                "cors.allow-private-network = true",
                "cors.preflight-status = 200");
        assertEquals(Arrays.asList(
                "mode: enforce -> off",
                "log level: info -> debug",
                "log file: stderr -> /var/log/cors.log",
                "policy default: origins added https://b.example.com",
                "policy default: paths: /** -> /api/**, /health",
                "policy default: allowed-methods: GET, HEAD, POST -> GET, PUT",
                "policy default: allowed-headers: (none) -> X-Token",
                "policy default: exposed-headers: (none) -> X-Total",
                "policy default: allow-credentials: false -> true",
                "policy default: max-age: not sent -> 600",
                "policy default: allow-private-network: false -> true",
                "policy default: preflight-status: 204 -> 200"), ConfigDiff.describe(before, after));
        assertEquals(Arrays.asList(
                "mode: off -> enforce",
                "log level: debug -> info",
                "log file: /var/log/cors.log -> stderr",
                "policy default: origins removed https://b.example.com",
                "policy default: paths: /api/**, /health -> /**",
                "policy default: allowed-methods: GET, PUT -> GET, HEAD, POST",
                "policy default: allowed-headers: X-Token -> (none)",
                "policy default: exposed-headers: X-Total -> (none)",
                "policy default: allow-credentials: true -> false",
                "policy default: max-age: 600 -> not sent",
                "policy default: allow-private-network: true -> false",
                "policy default: preflight-status: 200 -> 204"), ConfigDiff.describe(after, before));
    }

    @Test
    void fromNoValidConfigDescribesTheNewOne() {
        AgentConfig after = config(TWO_POLICIES);
        assertEquals(Arrays.asList("mode: enforce", "policy added: api", "policy added: public"),
                ConfigDiff.describe(null, after));
    }

    @Test
    void removingAMethodOrHeaderNotesTheCachedPreflights() {
        AgentConfig before = config("cors.allowed-origins = https://a.example.com",
                "cors.allowed-methods = GET, PUT, DELETE", "cors.allowed-headers = X-Token, Content-Type",
                "cors.max-age = 600");
        AgentConfig after = config("cors.allowed-origins = https://a.example.com",
                "cors.allowed-methods = GET, PUT", "cors.allowed-headers = x-token", "cors.max-age = 10");
        assertEquals(Collections.singletonList("policy default: method DELETE, header Content-Type no longer allowed,"
                + " but browsers may keep a cached preflight answer that allows it for up to 600 seconds (the"
                + " max-age that was in force); until then they still send such requests and the app receives them"),
                ConfigDiff.cachedPreflightNotes(before, after));
        // loosening is immediate: failed preflights are not cached
        assertEquals(Collections.emptyList(), ConfigDiff.cachedPreflightNotes(after, before));
    }

    @Test
    void cachedPreflightNotesWithoutMaxAgeWithAWildcardGoneAndWithMaxAgeZero() {
        List<String> notes = ConfigDiff.cachedPreflightNotes(
                config("cors.allowed-origins = https://a.example.com", "cors.allowed-headers = *"),
                config("cors.allowed-origins = https://a.example.com", "cors.allowed-headers = X-Token"));
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("header * (any not now listed)"), notes.get(0));
        assertTrue(notes.get(0).contains("up to 5 seconds (no max-age was set"), notes.get(0));
        assertEquals(Collections.emptyList(), ConfigDiff.cachedPreflightNotes(
                config("cors.allowed-origins = https://a.example.com", "cors.allowed-methods = GET, PUT",
                        "cors.max-age = 0"),
                config("cors.allowed-origins = https://a.example.com", "cors.allowed-methods = GET")));
        assertEquals(Collections.emptyList(), ConfigDiff.cachedPreflightNotes(null, config(TWO_POLICIES)));
    }

    @Test
    void aTimingAllowOriginChangeIsDescribed() {
        assertEquals(Collections.singletonList("policy default: timing-allow-origin: not sent -> https://rum.example"),
                ConfigDiff.describe(config("cors.allowed-origins = https://a.example.com"),
                        config("cors.allowed-origins = https://a.example.com",
                                "cors.timing-allow-origin = https://rum.example")));
    }

    @Test
    void protectionInTheFilesWordsAndTimingAllowOriginGone() {
        assertEquals(Arrays.asList("policy default: timing-allow-origin: * -> not sent",
                "policy default: cross-origin-protection: off -> report-only"),
                ConfigDiff.describe(config("cors.allowed-origins = https://a.example.com",
                                "cors.timing-allow-origin = *"),
                        config("cors.allowed-origins = https://a.example.com",
                                "cors.cross-origin-protection = Report-Only")));
    }
}
