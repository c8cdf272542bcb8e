package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.CorsAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Eventually;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RawHttp;
import dev.corsagent.it.support.RunningApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The file operations an operator or a deployment tool uses to change the policy (SPEC "Reload"),
 * against embedded Tomcat 9: an atomic rename over the file (what editors and config tools do), a
 * delete (keeps the last good policy), the file coming back, and the one log line per applied change
 * that says what changed. ReloadIT covers in-place writes, ConfigMap swaps and invalid files.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadFileOperationsIT extends AppPerClass {
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private Path policy;

    @Override
    RunningApp startApp(Path work) throws Exception {
        policy = Policies.write(work, "cors.properties", policyFor("https://one.example"));
        return Containers.embeddedTomcat9("reload-file-operations-tomcat9", policy, work);
    }

    @Test
    @Order(1)
    void anAtomicRenameOverTheFileIsPickedUpAndLoggedWithWhatChanged() throws Exception {
        Path staged = policy.resolveSibling("cors.properties.new");
        Files.writeString(staged, policyFor("https://two.example"), StandardCharsets.UTF_8);
        Files.move(staged, policy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertActualGrant("https://two.example", awaitGrantFor("https://two.example"));
        assertNoCorsHeaders(items("https://one.example"));
        String reloadLine = app.jvm().stderr().lines()
                .filter(l -> l.contains("reloaded") && l.contains("https://two.example"))
                .findFirst().orElse("");
        assertTrue(reloadLine.contains("cors-agent") && reloadLine.contains("added")
                        && reloadLine.contains("removed") && reloadLine.contains("https://one.example"),
                () -> "one tagged line naming the origins added and removed expected:\n" + app.jvm().stderr());
    }

    @Test
    @Order(2)
    void aDeletedFileKeepsTheLastGoodPolicyAndIsReported() throws Exception {
        Files.delete(policy);

        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!mentionsMissingFile(app.jvm().stderr()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(mentionsMissingFile(app.jvm().stderr()),
                () -> "an error naming the missing file expected:\n" + app.jvm().stderr());
        HttpResponse stillGranted = items("https://two.example");
        assertStatus(200, stillGranted);
        assertActualGrant("https://two.example", stillGranted);
    }

    @Test
    @Order(3)
    void theFileComingBackIsPickedUp() throws Exception {
        Files.writeString(policy, policyFor("https://three.example"), StandardCharsets.UTF_8);

        assertActualGrant("https://three.example", awaitGrantFor("https://three.example"));
        assertNoCorsHeaders(items("https://two.example"));
    }

    private boolean mentionsMissingFile(String stderr) {
        return stderr.lines().anyMatch(l -> l.contains("ERROR") && l.contains(policy.getFileName().toString())
                && !l.contains("cors.max-age"));
    }

    private HttpResponse items(String origin) {
        return app.send(RawHttp.get("/shop/api/items").origin(origin).authorized());
    }

    private HttpResponse awaitGrantFor(String origin) throws InterruptedException {
        return Eventually.response(WITHIN, () -> items(origin), r -> r.header("Access-Control-Allow-Origin") != null);
    }

    private static String policyFor(String origin) {
        return Policies.CONTRACT.replace("https://app.example.com, https://*.trusted.example, http://localhost:*", origin);
    }
}
