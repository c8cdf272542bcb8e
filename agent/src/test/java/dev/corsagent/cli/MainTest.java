package dev.corsagent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @TempDir
    Path dir;

    private String out;
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream outStream = new PrintStream(outBytes, true);
             PrintStream errStream = new PrintStream(errBytes, true)) {
            code = Main.run(args, outStream, errStream);
        }
        out = new String(outBytes.toByteArray(), StandardCharsets.UTF_8);
        err = new String(errBytes.toByteArray(), StandardCharsets.UTF_8);
        return code;
    }

    private String file(String name, String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        Path file = dir.resolve(name);
        Files.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        return file.toString();
    }

    private String goodFile() throws IOException {
        return file("good.properties",
                "cors.policies = api",
                "cors.policy.api.paths = /api/**",
                "cors.policy.api.allowed-origins = https://app.example.com",
                "cors.policy.api.allowed-methods = GET, PUT",
                "cors.policy.api.allowed-headers = Content-Type, X-Requested-With",
                "cors.policy.api.max-age = 600");
    }

    private String badFile() throws IOException {
        return file("bad.properties",
                "cors.allowed-origins = https://app.example.com",
                "cors.max-age = 99999",
                "cors.allowed-methods = GET, TRACE");
    }

    // ---------------------------------------------------------------- general

    @Test
    void noArgumentsPrintsUsageAndExits2() {
        assertEquals(2, run());
        assertTrue(err.contains("usage: java -jar cors-agent.jar"), err);
        assertEquals("", out);
    }

    @Test
    void unknownCommandExits2() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.contains("unknown command: frobnicate"), err);
        assertTrue(err.contains("validate FILE"), err);
    }

    @Test
    void helpExits0() {
        assertEquals(0, run("--help"));
        assertTrue(out.contains("check FILE --origin ORIGIN"), out);
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertEquals(0, run("version"));
        assertTrue(out.matches("cors-agent \\d+\\.\\d+\\.\\d+\\S*\\R"), out);
    }

    // ---------------------------------------------------------------- validate

    @Test
    void validateGoodFileExits0() throws IOException {
        String good = goodFile();
        assertEquals(0, run("validate", good));
        assertTrue(out.contains(good + ": valid, mode enforce, 1 policy (api), 0 warnings"), out);
        assertFalse(out.contains("error:"), out);
    }

    @Test
    void validateBadFileListsEveryErrorWithKeyAndExits1() throws IOException {
        String bad = badFile();
        assertEquals(1, run("validate", bad));
        assertTrue(out.contains("error: "), out);
        assertTrue(out.contains("cors.max-age"), out);
        assertTrue(out.contains("99999"), out);
        assertTrue(out.contains("cors.allowed-methods"), out);
        assertTrue(out.contains("TRACE"), out);
        assertTrue(out.contains(bad + ": invalid, 2 errors"), out);
    }

    @Test
    void validateShowsWarningsButStaysValid() throws IOException {
        String warned = file("warn.properties",
                "cors.allowed-origins = https://app.example.com",
                "cors.max-age = 86400");
        assertEquals(0, run("validate", warned));
        assertTrue(out.contains("warning: "), out);
        assertTrue(out.contains("cors.max-age"), out);
        assertTrue(out.contains(": valid, "), out);
    }

    @Test
    void validateMissingFileExits1() {
        assertEquals(1, run("validate", dir.resolve("nope.properties").toString()));
        assertTrue(out.contains("invalid"), out);
    }

    @Test
    void validateWithoutFileIsAUsageError() {
        assertEquals(2, run("validate"));
        assertTrue(err.contains("validate takes exactly one FILE"), err);
    }

    // ---------------------------------------------------------------- check

    @Test
    void checkAllowedActualRequestPrintsHeadersAndExits0() throws IOException {
        assertEquals(0, run("check", goodFile(), "--origin", "https://app.example.com", "--path", "/api/orders"));
        assertTrue(out.contains("policy:   api"), out);
        assertTrue(out.contains("decision: allowed"), out);
        assertTrue(out.contains("  Access-Control-Allow-Origin: https://app.example.com\n"), out);
        assertTrue(out.contains("  Vary: Origin"), out);
        assertFalse(out.contains("Access-Control-Allow-Methods"), "only preflights list methods: " + out);
    }

    @Test
    void checkContentTypeDecidesWhetherAPostIsSimple() throws IOException {
        assertEquals(0, run("check", goodFile(), "--origin", "https://app.example.com", "--path", "/api/orders",
                "--method", "POST", "--content-type", "application/json"));
        assertTrue(out.contains("  Content-Type: application/json\n"), out);
        assertTrue(out.contains("type:     ACTUAL\n"), out);

        assertEquals(0, run("check", goodFile(), "--origin", "https://app.example.com", "--path", "/api/orders",
                "--method", "POST", "--content-type", "text/plain; charset=UTF-8"));
        assertTrue(out.contains("type:     SIMPLE\n"), out);

        assertEquals(0, run("check", goodFile(), "--origin", "https://app.example.com", "--path", "/api/orders",
                "--method", "POST"));
        assertTrue(out.contains("type:     SIMPLE\n"), "a POST without Content-Type is simple, as in Tomcat: " + out);
        assertFalse(out.contains("Content-Type:"), out);
    }

    @Test
    void checkContentTypeOnAPreflightIsIgnoredWithANote() throws IOException {
        assertEquals(0, run("check", goodFile(), "--origin", "https://app.example.com", "--path", "/api/orders",
                "--method", "PUT", "--content-type", "application/json", "--preflight"));
        assertTrue(out.contains("note: --content-type only matters for the actual request"), out);
        assertTrue(out.contains("type:     PRE_FLIGHT\n"), out);
        assertEquals(2, run("check", goodFile(), "--origin", "https://app.example.com", "--content-type"));
        assertTrue(err.contains("--content-type needs a value"), err);
    }

    @Test
    void checkDeniedOriginPrintsNoCorsHeadersAndExits1() throws IOException {
        assertEquals(1, run("check", goodFile(), "--origin", "https://evil.example.net", "--path", "/api/orders"));
        assertTrue(out.contains("decision: denied"), out);
        assertFalse(out.contains("Access-Control-Allow-Origin"), out);
        assertTrue(out.contains("  Vary: Origin"), out);
    }

    @Test
    void checkAllowedPreflightPrintsTheAnswer() throws IOException {
        assertEquals(0, run("check", goodFile(), "--origin", "https://app.example.com", "--path", "/api/orders",
                "--method", "PUT", "--headers", "content-type,x-requested-with", "--preflight"));
        assertTrue(out.contains("request:  OPTIONS /api/orders"), out);
        assertTrue(out.contains("Access-Control-Request-Method: PUT"), out);
        assertTrue(out.contains("type:     PRE_FLIGHT"), out);
        assertTrue(out.contains("response: 204, answered by the agent"), out);
        assertTrue(out.contains("  Access-Control-Allow-Origin: https://app.example.com\n"), out);
        assertTrue(out.contains("  Access-Control-Allow-Methods: "), out);
        assertTrue(out.contains("PUT"), out);
        assertTrue(out.contains("  Access-Control-Max-Age: 600\n"), out);
    }

    @Test
    void checkPreflightWithHeaderNotAllowedIsDenied() throws IOException {
        assertEquals(1, run("check", goodFile(), "--origin", "https://app.example.com", "--path", "/api/orders",
                "--method", "PUT", "--headers", "content-type,x-secret", "--preflight"));
        assertTrue(out.contains("decision: denied"), out);
        assertTrue(out.contains("response: 403"), out);
        assertFalse(out.contains("Access-Control-Allow-"), out);
    }

    @Test
    void checkExplainsAMethodThatDiffersOnlyByCase() throws IOException {
        String patch = file("patch.properties", "cors.allowed-origins = https://app.example.com",
                "cors.allowed-methods = GET, PATCH, PUT");
        assertEquals(1, run("check", patch, "--origin", "https://app.example.com", "--method", "patch", "--preflight"));
        assertTrue(out.contains("decision: denied"), out);
        assertTrue(out.contains("note: methods are case-sensitive and browsers upper-case only DELETE, GET, HEAD,"
                + " OPTIONS, POST and PUT: a page calling fetch(url, {method: 'patch'}) sends patch, which"
                + " allowed-methods entry PATCH does not match"), out);
        out = "";
        assertEquals(1, run("check", patch, "--origin", "https://app.example.com", "--method", "put", "--preflight"));
        assertTrue(out.contains("note: a browser upper-cases put to PUT before it sends it; check with --method PUT"),
                out);
        out = "";
        assertEquals(0, run("check", patch, "--origin", "https://app.example.com", "--method", "PATCH", "--preflight"));
        assertFalse(out.contains("note:"), out);
    }

    @Test
    void checkPathNoPolicyCoversIsNotAllowed() throws IOException {
        assertEquals(1, run("check", goodFile(), "--origin", "https://app.example.com", "--path", "/static/x.css"));
        assertTrue(out.contains("policy:   none (no policy covers /static/x.css)"), out);
        assertFalse(out.contains("Access-Control-Allow-Origin"), out);
    }

    @Test
    void checkInvalidFileExits2AndNamesTheErrors() throws IOException {
        assertEquals(2, run("check", badFile(), "--origin", "https://app.example.com"));
        assertTrue(err.contains("cors.max-age"), err);
        assertTrue(err.contains("the agent would add no CORS headers"), err);
        assertFalse(out.contains("decision:"), out);
    }

    @Test
    void checkReportOnlySaysNothingIsSent() throws IOException {
        String reportOnly = file("report.properties",
                "cors.mode = report-only",
                "cors.allowed-origins = https://app.example.com");
        assertEquals(0, run("check", reportOnly, "--origin", "https://app.example.com"));
        assertTrue(out.contains("mode report-only: the agent logs this decision and changes no response"), out);
        assertTrue(out.contains("  Access-Control-Allow-Origin: https://app.example.com\n"), "what enforce would send: " + out);
    }

    @Test
    void checkInOffModeSaysNothingIsSentAndIsNotAllowed() throws IOException {
        String off = file("off.properties",
                "cors.mode = off",
                "cors.allowed-origins = https://app.example.com");
        assertEquals(1, run("check", off, "--origin", "https://app.example.com"));
        assertTrue(out.contains("mode off: the agent sends no headers"), out);
        assertFalse(out.contains("Access-Control-Allow-Origin"), out);
    }

    @Test
    void checkPathMustBeAbsolute() throws IOException {
        assertEquals(2, run("check", goodFile(), "--origin", "https://app.example.com", "--path", "api/x"));
        assertTrue(err.contains("--path must start with /"), err);
    }

    @Test
    void checkNeedsAnOrigin() throws IOException {
        assertEquals(2, run("check", goodFile(), "--path", "/api/x"));
        assertTrue(err.contains("check needs --origin"), err);
    }

    @Test
    void checkRejectsUnknownOptionsAndMissingValues() throws IOException {
        String good = goodFile();
        assertEquals(2, run("check", good, "--origin", "https://app.example.com", "--verbose"));
        assertTrue(err.contains("unknown option for check: --verbose"), err);
        assertEquals(2, run("check", good, "--origin"));
        assertTrue(err.contains("--origin needs a value"), err);
    }

    // ---------------------------------------------------------------- attach

    @Test
    void attachNeedsANumericPid() {
        assertEquals(2, run("attach", "tomcat"));
        assertTrue(err.contains("not a process id: tomcat"), err);
        assertEquals(2, run("attach"));
    }

    @Test
    void attachRefusesAMissingConfigFile() {
        assertEquals(2, run("attach", "12345", dir.resolve("nope.properties").toString()));
        assertTrue(err.contains("no such config file"), err);
    }

    @Test
    void attachOutsideTheAgentJarExplainsInsteadOfFailingObscurely() throws IOException {
        // unit tests run from target/classes, not from the jar
        assertEquals(1, run("attach", "12345", goodFile()));
        assertTrue(err.contains("attach must run from the agent jar"), err);
    }
}
