package dev.corsagent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    private static final String ORIGIN = "cors.allowed-origins = https://app.example.com\n";

    private static LoadResult parse(String text) {
        return ConfigLoader.parse(text, "cors.properties");
    }

    private static LoadResult valid(String text) {
        LoadResult result = parse(text);
        assertTrue(result.isValid(), "expected valid, got " + result.errors());
        assertNotNull(result.config());
        return result;
    }

    /** The single error of an invalid text. */
    private static ConfigProblem error(String text) {
        LoadResult result = parse(text);
        assertFalse(result.isValid(), "expected an error");
        assertNull(result.config());
        assertEquals(1, result.errors().size(), result.errors().toString());
        return result.errors().get(0);
    }

    private static void assertErrorContains(String text, String expected) {
        ConfigProblem problem = error(text);
        assertTrue(problem.message().contains(expected), problem.toString());
    }

    private static boolean hasWarning(LoadResult result, String expected) {
        for (ConfigProblem warning : result.warnings()) {
            if (warning.toString().contains(expected)) {
                return true;
            }
        }
        return false;
    }

    // ---- defaults and values -------------------------------------------------------------------

    @Test
    void emptyFileGivesTheDefaults() {
        LoadResult result = valid("");
        AgentConfig config = result.config();
        assertEquals(Mode.ENFORCE, config.mode());
        assertEquals("info", config.logLevel());
        assertNull(config.logFile());
        assertEquals(1, config.policies().size());
        PolicyConfig policy = config.policies().get(0);
        assertEquals("default", policy.name());
        assertEquals(Collections.singletonList("/**"), policy.paths());
        assertEquals(Collections.emptyList(), policy.allowedOrigins());
        assertEquals(Arrays.asList("GET", "HEAD", "POST"), policy.allowedMethods());
        assertEquals(Collections.emptyList(), policy.allowedHeaders());
        assertEquals(Collections.emptyList(), policy.exposedHeaders());
        assertFalse(policy.allowCredentials());
        assertNull(policy.maxAge());
        assertFalse(policy.allowPrivateNetwork());
        assertEquals(204, policy.preflightStatus());
        assertTrue(hasWarning(result, "allows no origin"));
    }

    @Test
    void readsEveryKey() {
        AgentConfig config = valid("cors.mode = report-only\n"
                + "cors.paths = /shop/api/**, /health\n"
                + "cors.allowed-origins = https://app.example.com, https://*.example.org, http://localhost:*\n"
                + "cors.allowed-methods = GET, PUT, DELETE\n"
                + "cors.allowed-headers = X-Token, Content-Type\n"
                + "cors.exposed-headers = X-Total\n"
                + "cors.allow-credentials = true\n"
                + "cors.max-age = 600\n"
                + "cors.allow-private-network = true\n"
                + "cors.preflight-status = 200\n"
                + "cors.log.level = debug\n"
                + "cors.log.file = /var/log/cors.log\n").config();
        assertEquals(Mode.REPORT_ONLY, config.mode());
        assertEquals("debug", config.logLevel());
        assertEquals("/var/log/cors.log", config.logFile());
        PolicyConfig policy = config.policies().get(0);
        assertEquals(Arrays.asList("/shop/api/**", "/health"), policy.paths());
        assertEquals(Arrays.asList("https://app.example.com", "https://*.example.org", "http://localhost:*"),
                policy.allowedOrigins());
        assertEquals(Arrays.asList("GET", "PUT", "DELETE"), policy.allowedMethods());
        assertEquals(Arrays.asList("X-Token", "Content-Type"), policy.allowedHeaders());
        assertEquals(Collections.singletonList("X-Total"), policy.exposedHeaders());
        assertTrue(policy.allowCredentials());
        assertEquals(Integer.valueOf(600), policy.maxAge());
        assertTrue(policy.allowPrivateNetwork());
        assertEquals(200, policy.preflightStatus());
    }

    @Test
    void modeOff() {
        assertEquals(Mode.OFF, valid("cors.mode = off\n" + ORIGIN).config().mode());
    }

    // ---- refusals, one by one --------------------------------------------------------------------

    @Test
    void refusesAnyOriginWithCredentials() {
        ConfigProblem problem = error("cors.allowed-origins = *\ncors.allow-credentials = true\n");
        assertEquals("cors.allowed-origins", problem.key());
        assertEquals(1, problem.line());
        assertTrue(problem.message().contains("allow-credentials"), problem.message());
    }

    @Test
    void refusesExposedWildcardWithCredentials() {
        ConfigProblem problem = error(ORIGIN + "cors.exposed-headers = *\ncors.allow-credentials = true\n");
        assertEquals("cors.exposed-headers", problem.key());
        assertEquals(2, problem.line());
    }

    @Test
    void allowsWildcardsWithoutCredentials() {
        valid("cors.allowed-origins = *\ncors.exposed-headers = *\n");
    }

    @Test
    void refusesMalformedOrigins() {
        assertErrorContains("cors.allowed-origins = https://app.example.com/api\n", "path");
        assertErrorContains("cors.allowed-origins = https://app.example.com/\n", "slash");
        assertErrorContains("cors.allowed-origins = https://user@app.example.com\n", "userinfo");
        assertErrorContains("cors.allowed-origins = file://localhost\n", "file:");
        assertErrorContains("cors.allowed-origins = [0:0:0:0:0:0:0:1]\n", "origin");
        assertErrorContains("cors.allowed-origins = http://[0:0:0:0:0:0:0:1]:8080\n", "[::1]");
        assertErrorContains("cors.allowed-origins = app.example.com\n", "scheme://host");
        assertErrorContains("cors.allowed-origins = https://app.example.com?x=1\n", "query");
        assertErrorContains("cors.allowed-origins = https://app.example.com:99999\n", "port");
        assertErrorContains("cors.allowed-origins = https://app*.example.com\n", "whole leftmost label");
        assertErrorContains("cors.allowed-origins = https://bücher.example\n", "punycode");
    }

    @Test
    void refusesPatternsWiderThanARegistrableDomain() {
        assertErrorContains("cors.allowed-origins = https://*.com\n", "wider than a registrable domain");
        assertErrorContains("cors.allowed-origins = https://*.co.uk\n", "public suffix");
        assertErrorContains("cors.allowed-origins = https://*.github.io\n", "public suffix");
        assertErrorContains("cors.allowed-origins = https://*.10.0.0.1\n", "IP address");
        valid("cors.allowed-origins = https://*.example.co.uk\n");
    }

    @Test
    void refusesForbiddenMethods() {
        for (String method : Arrays.asList("CONNECT", "TRACE", "TRACK", "trace")) {
            assertErrorContains(ORIGIN + "cors.allowed-methods = GET, " + method + "\n", "forbidden");
        }
        assertErrorContains(ORIGIN + "cors.allowed-methods = GE T\n", "not a method name");
        assertErrorContains(ORIGIN + "cors.allowed-methods =\n", "at least one method");
    }

    @Test
    void refusesForbiddenHeaderNames() {
        assertErrorContains(ORIGIN + "cors.allowed-headers = X-Token, cookie\n", "forbidden header");
        assertErrorContains(ORIGIN + "cors.exposed-headers = Set-Cookie\n", "forbidden header");
        assertErrorContains(ORIGIN + "cors.allowed-headers = X Token\n", "not a header name");
        // Set-Cookie is a response header: allowing it as a request header is pointless but not refused
        valid(ORIGIN + "cors.exposed-headers = X-Total\n");
    }

    @Test
    void refusesMaxAgeOutsideTheRange() {
        for (String value : Arrays.asList("86401", "-1", "abc", "", "1e3", "99999999999")) {
            ConfigProblem problem = error(ORIGIN + "cors.max-age = " + value + "\n");
            assertEquals("must be a number of seconds from 0 to 86400", problem.message());
        }
        assertEquals(Integer.valueOf(86400), valid(ORIGIN + "cors.max-age = 86400\n").config().policies().get(0).maxAge());
        assertEquals(Integer.valueOf(0), valid(ORIGIN + "cors.max-age = 0\n").config().policies().get(0).maxAge());
    }

    @Test
    void refusesUnknownModeStatusLevelAndBooleans() {
        assertErrorContains(ORIGIN + "cors.mode = on\n", "not a mode");
        assertErrorContains(ORIGIN + "cors.preflight-status = 201\n", "200 or 204");
        assertErrorContains(ORIGIN + "cors.log.level = verbose\n", "not a log level");
        assertErrorContains(ORIGIN + "cors.log.file =  \n", "file path");
        assertErrorContains(ORIGIN + "cors.allow-credentials = yes\n", "true or false");
        assertErrorContains(ORIGIN + "cors.allow-private-network = 1\n", "true or false");
        assertErrorContains(ORIGIN + "cors.paths = api/**\n", "starts with '/'");
        assertErrorContains(ORIGIN + "cors.paths = /api/*.json\n", "whole segments");
    }

    @Test
    void unknownKeyNamesTheNearestKnownKey() {
        ConfigProblem problem = error(ORIGIN + "cors.allowed-origin = https://x.example.com\n");
        assertEquals(2, problem.line());
        assertEquals("cors.allowed-origin", problem.key());
        assertTrue(problem.message().contains("did you mean cors.allowed-origins?"), problem.message());
        assertTrue(error(ORIGIN + "cors.max_age = 5\n").message().contains("cors.max-age"));
        assertTrue(error(ORIGIN + "cors.log-level = info\n").message().contains("cors.log.level"));
        assertTrue(error(ORIGIN + "allowed-origins = x\n").message().contains("cors.allowed-origins"));
    }

    @Test
    void problemNamesFileLineKeyValueAndReason() {
        ConfigProblem problem = error(ORIGIN + "\n# comment\ncors.max-age = 99999\n");
        assertEquals("cors.properties", problem.source());
        assertEquals(4, problem.line());
        assertEquals("cors.max-age", problem.key());
        assertEquals("99999", problem.value());
        assertEquals(ConfigProblem.Severity.ERROR, problem.severity());
        assertEquals("cors.properties:4: cors.max-age = 99999: must be a number of seconds from 0 to 86400",
                problem.toString());
    }

    @Test
    void reportsEveryErrorAtOnce() {
        LoadResult result = parse("cors.mode = loud\n"
                + "cors.allowed-origins = https://a.example.com/, https://*.com\n"
                + "cors.max-age = 1000000\n"
                + "cors.allowed-methods = TRACE\n"
                + "cors.paths = nothing\n"
                + "cors.colour = blue\n");
        assertFalse(result.isValid());
        assertEquals(7, result.errors().size(), result.errors().toString());
        int previous = 0;
        for (ConfigProblem problem : result.errors()) {
            assertTrue(problem.line() >= previous, "not in file order: " + result.errors());
            previous = problem.line();
        }
        for (int line = 1; line <= 6; line++) {
            boolean found = false;
            for (ConfigProblem problem : result.errors()) {
                found |= problem.line() == line;
            }
            assertTrue(found, "no error on line " + line + ": " + result.errors());
        }
    }

    // ---- warnings ------------------------------------------------------------------------------

    @Test
    void warnsAboutTheNullOrigin() {
        LoadResult result = valid("cors.allowed-origins = null\n");
        assertTrue(hasWarning(result, "opaque origin 'null'"), result.warnings().toString());
        assertEquals(Collections.singletonList("null"), result.config().policies().get(0).allowedOrigins());
    }

    @Test
    void warnsAboutHttpOriginsWithCredentials() {
        LoadResult result = valid("cors.allowed-origins = http://app.example.com, https://b.example.com\n"
                + "cors.allow-credentials = true\n");
        assertTrue(hasWarning(result, "http://app.example.com is allowed with credentials over plain http"));
        assertFalse(hasWarning(result, "https://b.example.com is allowed"));
        assertFalse(hasWarning(valid("cors.allowed-origins = http://app.example.com\n"), "plain http"));
    }

    @Test
    void warnsAboutMaxAgeAboveChromiumsCap() {
        assertTrue(hasWarning(valid(ORIGIN + "cors.max-age = 7201\n"), "Chromium"));
        assertFalse(hasWarning(valid(ORIGIN + "cors.max-age = 7200\n"), "Chromium"));
    }

    @Test
    void normalizesOriginsWithAWarning() {
        LoadResult result = valid("cors.allowed-origins = HTTPS://App.Example.COM:443, http://localhost:80, "
                + "https://x.example.com:8443\n");
        assertEquals(Arrays.asList("https://app.example.com", "http://localhost", "https://x.example.com:8443"),
                result.config().policies().get(0).allowedOrigins());
        assertTrue(hasWarning(result, "'HTTPS://App.Example.COM:443' normalized to https://app.example.com"));
        assertTrue(hasWarning(result, "'http://localhost:80' normalized to http://localhost"));
        assertFalse(hasWarning(result, "x.example.com:8443' normalized"));
        ConfigProblem warning = result.warnings().get(0);
        assertEquals(1, warning.line());
        assertEquals("cors.allowed-origins", warning.key());
    }

    @Test
    void warnsAboutAKeySetTwice() {
        LoadResult result = valid(ORIGIN + "cors.max-age = 5\ncors.max-age = 10\n");
        assertEquals(Integer.valueOf(10), result.config().policies().get(0).maxAge());
        assertTrue(hasWarning(result, "cors.properties:3: cors.max-age = 10: is set twice (also on line 2)"));
    }

    // ---- policies --------------------------------------------------------------------------------

    @Test
    void policiesInheritTopLevelDefaultsInOrder() {
        AgentConfig config = valid("cors.policies = api, public\n"
                + "cors.allowed-origins = https://app.example.com\n"
                + "cors.max-age = 300\n"
                + "cors.policy.api.paths = /api/**\n"
                + "cors.policy.api.allow-credentials = true\n"
                + "cors.policy.public.paths = /public/**\n"
                + "cors.policy.public.allowed-origins = *\n").config();
        List<PolicyConfig> policies = config.policies();
        assertEquals(2, policies.size());
        PolicyConfig api = policies.get(0);
        PolicyConfig open = policies.get(1);
        assertEquals("api", api.name());
        assertEquals(Collections.singletonList("/api/**"), api.paths());
        assertEquals(Collections.singletonList("https://app.example.com"), api.allowedOrigins());
        assertTrue(api.allowCredentials());
        assertEquals(Integer.valueOf(300), api.maxAge());
        assertEquals("public", open.name());
        assertEquals(Collections.singletonList("*"), open.allowedOrigins());
        assertFalse(open.allowCredentials());
        assertEquals(Integer.valueOf(300), open.maxAge());
    }

    @Test
    void combinationRulesApplyToTheEffectivePolicy() {
        // '*' is only refused in the policy that inherits credentials
        ConfigProblem problem = error("cors.policies = api, public\n"
                + "cors.allowed-origins = *\n"
                + "cors.policy.api.allow-credentials = true\n"
                + "cors.policy.api.paths = /api/**\n");
        assertEquals(2, problem.line());
        assertTrue(problem.message().startsWith("policy 'api': "), problem.message());
    }

    @Test
    void refusesAPolicyKeyForAnUnlistedPolicy() {
        ConfigProblem problem = error("cors.policies = api\n" + ORIGIN + "cors.policy.admin.paths = /admin/**\n");
        assertEquals(3, problem.line());
        assertTrue(problem.message().contains("does not list"), problem.message());
        ConfigProblem typo = error("cors.policies = admin\n" + ORIGIN + "cors.policy.amdin.paths = /admin/**\n");
        assertTrue(typo.message().endsWith("did you mean cors.policy.admin.paths?"), typo.message());
    }

    @Test
    void refusesPolicyKeysWithoutCorsPolicies() {
        ConfigProblem problem = error(ORIGIN + "cors.policy.api.paths = /api/**\n");
        assertTrue(problem.message().contains("no cors.policies"), problem.message());
    }

    @Test
    void policyKeyTypoNamesTheNearestPolicyKey() {
        ConfigProblem problem = error("cors.policies = api\n" + ORIGIN + "cors.policy.api.allowed-origin = *\n");
        assertTrue(problem.message().contains("did you mean cors.policy.api.allowed-origins?"), problem.message());
    }

    @Test
    void refusesBadPolicyLists() {
        assertErrorContains("cors.policies = api, api\n" + ORIGIN, "twice");
        assertErrorContains("cors.policies = a.b\n" + ORIGIN, "not a valid policy name");
        assertErrorContains("cors.policies =\n" + ORIGIN, "no policy name");
    }

    @Test
    void checksDefaultsThatEveryPolicyOverrides() {
        ConfigProblem problem = error("cors.policies = api\ncors.max-age = x\ncors.policy.api.max-age = 5\n" + ORIGIN);
        assertEquals(2, problem.line());
    }

    @Test
    void warnsAboutAPolicyThatIsNeverReached() {
        LoadResult result = valid("cors.policies = all, api\n" + ORIGIN + "cors.policy.api.paths = /api/**\n");
        assertTrue(hasWarning(result, "policy 'api' is never used"), result.warnings().toString());
    }

    // ---- files ---------------------------------------------------------------------------------

    @Test
    void missingFileIsAnErrorNotAnException(@TempDir Path dir) {
        LoadResult result = ConfigLoader.load(dir.resolve("absent.properties"));
        assertFalse(result.isValid());
        assertNull(result.config());
        assertTrue(result.errors().get(0).toString().contains("absent.properties"));
        assertTrue(result.errors().get(0).message().contains("does not exist"));
    }

    @Test
    void unreadableFileIsAnErrorNotAnException(@TempDir Path dir) {
        LoadResult result = ConfigLoader.load(dir); // a directory cannot be read as a file
        assertFalse(result.isValid());
        assertEquals(1, result.errors().size());
    }

    @Test
    void loadsAFileAndNamesItInProblems(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cors.properties");
        Files.write(file, ("# CORS\n" + ORIGIN + "cors.max-age = 9000\n").getBytes(StandardCharsets.UTF_8));
        LoadResult result = ConfigLoader.load(file);
        assertTrue(result.isValid());
        assertEquals(Collections.singletonList("https://app.example.com"),
                result.config().policies().get(0).allowedOrigins());
        assertEquals(file.toString() + ":3: cors.max-age = 9000: is above 7200 seconds, where Chromium caps the"
                + " preflight cache", result.warnings().get(0).toString());
    }

    @Test
    void acceptsAByteOrderMarkAndLatin1Files(@TempDir Path dir) throws Exception {
        assertEquals(Mode.OFF, valid("\uFEFFcors.mode = off\n" + ORIGIN).config().mode());
        Path file = dir.resolve("latin1.properties");
        byte[] comment = "# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1); // not valid UTF-8
        byte[] rest = (ORIGIN + "cors.max-age = 60\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[comment.length + rest.length];
        System.arraycopy(comment, 0, bytes, 0, comment.length);
        System.arraycopy(rest, 0, bytes, comment.length, rest.length);
        Files.write(file, bytes);
        LoadResult result = ConfigLoader.load(file);
        assertTrue(result.isValid(), result.errors().toString());
        assertEquals(Integer.valueOf(60), result.config().policies().get(0).maxAge());
    }

    @Test
    void parseBytesDecodesUtf8AndFallsBackToLatin1() {
        LoadResult utf8 = ConfigLoader.parse("cors.allowed-origins = https://app.example.com\ncors.caf\u00e9 = x\n"
                .getBytes(StandardCharsets.UTF_8), "utf8.properties");
        assertTrue(utf8.errors().get(0).toString().startsWith("utf8.properties:2: cors.caf\u00e9 = x:"),
                utf8.errors().toString());
        // "\u00e9" in ISO-8859-1 is one byte 0xE9, not valid UTF-8: the whole file is read as Latin-1
        LoadResult latin1 = ConfigLoader.parse("cors.allowed-origins = https://app.example.com\ncors.caf\u00e9 = x\n"
                .getBytes(StandardCharsets.ISO_8859_1), "latin1.properties");
        assertTrue(latin1.errors().get(0).toString().startsWith("latin1.properties:2: cors.caf\u00e9 = x:"),
                latin1.errors().toString());
    }

    @Test
    void parseBytesSkipsAUtf8ByteOrderMark() {
        byte[] text = ("cors.mode = off\n" + ORIGIN).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);
        LoadResult result = ConfigLoader.parse(bytes, "bom.properties");
        assertTrue(result.isValid(), result.errors().toString());
        assertEquals(Mode.OFF, result.config().mode());
    }

    @Test
    void parseBytesRefusesMoreThanOneMebibyte() {
        byte[] limit = new byte[1024 * 1024];
        Arrays.fill(limit, (byte) '#'); // one long comment line: valid, but no origins
        assertFalse(ConfigLoader.parse(limit, "big.properties").errors().toString().contains("1 MiB"));
        byte[] tooLarge = new byte[1024 * 1024 + 1];
        Arrays.fill(tooLarge, (byte) '#');
        LoadResult result = ConfigLoader.parse(tooLarge, "big.properties");
        assertFalse(result.isValid());
        assertEquals("big.properties: the file is larger than 1 MiB; that is not a cors-agent configuration",
                result.errors().get(0).toString());
        assertEquals(1, result.errors().size());
    }

    @Test
    void parseBytesOfNullIsAnEmptyFile() {
        assertEquals(ConfigLoader.parse("", "empty.properties").errors().toString(),
                ConfigLoader.parse((byte[]) null, "empty.properties").errors().toString());
    }

    @Test
    void problemWithoutLineOrKeyNamesOnlyTheSource() {
        ConfigProblem problem = new ConfigProblem(ConfigProblem.Severity.ERROR, "/etc/cors.properties", 0, null,
                null, "the file does not exist");
        assertEquals("/etc/cors.properties: the file does not exist", problem.toString());
    }

    @Test
    void invalidResultStillCarriesItsWarnings() {
        LoadResult result = parse("cors.allowed-origins = null\ncors.mode = loud\n");
        assertFalse(result.isValid());
        assertEquals(1, result.errors().size());
        assertTrue(hasWarning(result, "opaque origin"));
    }

    // ---- timing-allow-origin -------------------------------------------------------------------

    @Test
    void timingAllowOriginTakesExactOriginsOrStar() {
        assertEquals(Collections.emptyList(), valid(ORIGIN).config().policies().get(0).timingAllowOrigin());
        LoadResult result = valid(ORIGIN + "cors.timing-allow-origin = https://RUM.example.com:443, http://a.test:8080\n");
        assertEquals(Arrays.asList("https://rum.example.com", "http://a.test:8080"),
                result.config().policies().get(0).timingAllowOrigin());
        assertTrue(hasWarning(result, "normalized to https://rum.example.com"));
        assertEquals(Collections.singletonList("*"),
                valid(ORIGIN + "cors.timing-allow-origin = *\n").config().policies().get(0).timingAllowOrigin());
        assertTrue(hasWarning(valid(ORIGIN + "cors.timing-allow-origin = *, https://a.test\n"), "no effect"));
        // per policy, inherited like any key
        LoadResult policies = valid("cors.policies = a, b\ncors.timing-allow-origin = *\n" + ORIGIN
                + "cors.policy.a.paths = /a/**\ncors.policy.b.timing-allow-origin = https://b.test\n");
        assertEquals(Collections.singletonList("*"), policies.config().policies().get(0).timingAllowOrigin());
        assertEquals(Collections.singletonList("https://b.test"), policies.config().policies().get(1).timingAllowOrigin());
    }

    @Test
    void timingAllowOriginRefusesPatternsNullAndMalformedEntries() {
        assertErrorContains(ORIGIN + "cors.timing-allow-origin = https://*.example.com\n", "list each origin");
        assertErrorContains(ORIGIN + "cors.timing-allow-origin = http://localhost:*\n", "list each origin");
        assertErrorContains(ORIGIN + "cors.timing-allow-origin = null\n", "exact origins or *");
        assertErrorContains(ORIGIN + "cors.timing-allow-origin = https://a.test/\n", "slash");
        assertErrorContains(ORIGIN + "cors.timing-allow-origin = a.test\n", "scheme://host");
        assertErrorContains(ORIGIN + "cors.timing-allow-origin = ,\n", "leave the key out");
        assertErrorContains(ORIGIN + "cors.timing-allow-orign = *\n", "cors.timing-allow-origin");
    }

    // ---- Private Network Access ----------------------------------------------------------------

    @Test
    void anyOriginWithPrivateNetworkIsRefused() {
        assertErrorContains("cors.allowed-origins = *\ncors.allow-private-network = true\n",
                "cannot be combined with allow-private-network = true");
        assertErrorContains("cors.policies = a\ncors.allow-private-network = true\n"
                + "cors.policy.a.allowed-origins = *\n", "policy 'a'");
        valid("cors.allowed-origins = *\ncors.allow-private-network = false\n");
        valid(ORIGIN + "cors.allow-private-network = true\n");
    }

    // ---- the strictest validation ---------------------------------------------------------------

    @Test
    void everyForbiddenRequestHeaderNameIsRefusedInAllowedHeaders() {
        List<String> forbidden = Arrays.asList("Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers",
                "Access-Control-Request-Method", "Connection", "Content-Length", "Cookie", "Cookie2", "Date", "DNT",
                "Expect", "Host", "Keep-Alive", "Origin", "Referer", "Set-Cookie", "TE", "Trailer",
                "Transfer-Encoding", "Upgrade", "Via", "Proxy-Authorization", "proxy-connection", "Sec-Fetch-Site",
                "SEC-CH-UA", "Access-Control-Allow-Origin", "access-control-request-private-network");
        for (String name : forbidden) {
            ConfigProblem problem = error(ORIGIN + "cors.allowed-headers = X-Token, " + name + "\n");
            assertTrue(problem.message().startsWith("'" + name + "' is a"), problem.toString());
            assertTrue(problem.message().contains("drop it") || problem.message().contains("allow-credentials"),
                    problem.toString());
        }
        // what a page may send stays allowed: Authorization, Content-Type, custom and proxy-less names
        valid(ORIGIN + "cors.allowed-headers = Authorization, Content-Type, X-Requested-With, Accept, Secret,"
                + " Proxyish, User-Agent\n");
    }

    @Test
    void aTomcatCorsFilterDefaultListIsRefusedWithWhatToDo() {
        // CorsFilter's cors.allowed.headers default, copied over as it is
        LoadResult result = parse(ORIGIN + "cors.allowed-headers = Origin, Accept, X-Requested-With, Content-Type,"
                + " Access-Control-Request-Method, Access-Control-Request-Headers\n");
        assertEquals(3, result.errors().size(), result.errors().toString());
        assertTrue(result.errors().get(0).message().contains("'Origin' is a forbidden header name"));
        assertTrue(result.errors().get(0).message().contains("drop it"));
        assertTrue(result.errors().get(1).message().contains("'Access-Control-Request-Method' is a CORS protocol header"));
    }

    @Test
    void corsHeaderNamesAreRefusedInExposedHeaders() {
        assertErrorContains(ORIGIN + "cors.exposed-headers = X-Total, Access-Control-Allow-Origin\n",
                "'Access-Control-Allow-Origin' is a CORS protocol header");
        assertErrorContains(ORIGIN + "cors.exposed-headers = set-cookie2\n", "never let a page read it");
        valid(ORIGIN + "cors.exposed-headers = X-Total, Content-Length, Server-Timing\n");
    }

    @Test
    void loopbackOriginsWithCredentialsGetNoInsecureOriginWarning() {
        for (String origin : Arrays.asList("http://localhost:3000", "http://localhost", "http://app.localhost",
                "http://*.localhost:*", "http://127.0.0.1:8080", "http://127.12.0.1", "http://[::1]:8080",
                "http://localhost.")) {
            LoadResult result = valid("cors.allowed-origins = " + origin + "\ncors.allow-credentials = true\n");
            assertFalse(hasWarning(result, "plain http"), origin + " " + result.warnings());
        }
        for (String origin : Arrays.asList("http://app.example.com", "http://128.0.0.1", "http://localhost.evil.example",
                "http://[::2]", "http://10.0.0.1:8080")) {
            LoadResult result = valid("cors.allowed-origins = " + origin + "\ncors.allow-credentials = true\n");
            assertTrue(hasWarning(result, "plain http"), origin + " " + result.warnings());
        }
    }

    @Test
    void originRefusalsSayWhatToDo() {
        assertErrorContains("cors.allowed-origins = http://localhost:0\n", "write the port the page is served from");
        assertErrorContains("cors.allowed-origins = https://xn--f.example\n", "xn-- form");
        valid("cors.allowed-origins = http://example.com.\n");
    }

    @Test
    void editDistance() {
        assertEquals(0, ConfigLoader.editDistance("abc", "abc"));
        assertEquals(1, ConfigLoader.editDistance("cors.max_age", "cors.max-age"));
        assertEquals(1, ConfigLoader.editDistance("cors.allowed-origin", "cors.allowed-origins"));
        assertEquals(3, ConfigLoader.editDistance("kitten", "sitting"));
    }
}
