package dev.corsagent.it;

import static dev.corsagent.it.support.CorsAssertions.assertActualGrant;
import static dev.corsagent.it.support.CorsAssertions.assertNoCorsHeaders;
import static dev.corsagent.it.support.RawHttp.get;
import static dev.corsagent.it.support.RawHttp.preflight;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.corsagent.it.support.Artifacts;
import dev.corsagent.it.support.Containers;
import dev.corsagent.it.support.Eventually;
import dev.corsagent.it.support.HttpResponse;
import dev.corsagent.it.support.Policies;
import dev.corsagent.it.support.RunningApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Policy changes while a standalone Tomcat 10.1 serves (agent via JAVA_TOOL_OPTIONS), with the file
 * mounted the way Kubernetes mounts a ConfigMap: {@code cors.properties -> ..data/cors.properties},
 * {@code ..data -> ..v1}, and an update swaps {@code ..data} atomically to a new directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadIT extends AppPerClass {
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private Path mount;
    private int version;

    @Override
    RunningApp startApp(Path work) throws Exception {
        mount = work.resolve("config");
        Files.createDirectories(mount);
        swapConfigMap(policyFor("https://one.example"));
        Files.createSymbolicLink(mount.resolve("cors.properties"), Path.of("..data", "cors.properties"));
        return Containers.standalone("reload-standalone-tomcat10", Artifacts.tomcat10Dist(), Artifacts.jakartaWar(),
                mount.resolve("cors.properties"), work);
    }

    @Test
    @Order(1)
    void theFirstVersionIsInForce() {
        assertActualGrant("https://one.example", items("https://one.example"));
        assertNoCorsHeaders(items("https://two.example"));
    }

    @Test
    @Order(2)
    void aConfigMapSymlinkSwapIsPickedUp() throws Exception {
        swapConfigMap(policyFor("https://two.example"));

        assertActualGrant("https://two.example", awaitGrantFor("https://two.example"));
        assertNoCorsHeaders(items("https://one.example"));
    }

    @Test
    @Order(3)
    void anInvalidUpdateKeepsTheLastGoodPolicyAndNamesTheKey() throws Exception {
        swapConfigMap(policyFor("https://three.example") + "cors.max-age = forever\n");

        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!app.jvm().stderr().contains("forever") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        String errorLine = app.jvm().stderr().lines().filter(l -> l.contains("forever")).findFirst().orElse("");
        assertTrue(errorLine.contains("cors.max-age") && errorLine.contains("cors.properties"),
                () -> "an error naming the file and key expected:\n" + app.jvm().stderr());
        assertActualGrant("https://two.example", items("https://two.example"));
        assertNoCorsHeaders(items("https://three.example"));
    }

    @Test
    @Order(4)
    void anInPlaceEditIsPickedUp() throws Exception {
        Path target = mount.resolve("cors.properties").toRealPath();
        Files.writeString(target, policyFor("https://four.example"), StandardCharsets.UTF_8);

        assertActualGrant("https://four.example", awaitGrantFor("https://four.example"));
        assertNoCorsHeaders(items("https://two.example"));
    }

    /**
     * 22 rewrites of the file between two policy versions, one every 1.5 s (the agent polls every
     * 2 s, so it picks up most of them), while 4 connections at a time send actual requests and
     * preflights: no request fails, and every response is wholly one version or the other.
     */
    @Test
    @Order(5)
    @Timeout(150)
    void everyResponseIsDecidedByOneWholePolicyWhileTheFileFlips() throws Exception {
        Path target = mount.resolve("cors.properties").toRealPath();
        String credentialed = policyFor("https://five.example");
        String uncredentialed = credentialed.replace("cors.allow-credentials = true", "cors.allow-credentials = false")
                .replace("cors.exposed-headers = X-Request-Id", "cors.exposed-headers = X-Internal")
                .replace("cors.max-age = 600", "cors.max-age = 60");
        Files.writeString(target, credentialed, StandardCharsets.UTF_8);
        awaitGrantFor("https://five.example");

        int rewrites = 22;
        AtomicBoolean flipping = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread flipper = new Thread(() -> {
            try {
                for (int i = 0; i < rewrites; i++) {
                    Thread.sleep(1500);
                    Files.writeString(target, i % 2 == 0 ? uncredentialed : credentialed, StandardCharsets.UTF_8);
                    written.incrementAndGet();
                }
                Thread.sleep(2500); // the last version is picked up and serves too
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                flipping.set(false);
            }
        });
        flipper.start();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger requests = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> problems = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                problems.add(pool.submit(() -> {
                    while (flipping.get()) {
                        HttpResponse r = items("https://five.example");
                        String shape = "actual " + r.status() + " " + r.headers("Access-Control-Allow-Credentials")
                                + " " + r.headers("Access-Control-Expose-Headers");
                        seen.add(shape);
                        if (!shape.equals("actual 200 [true] [X-Request-Id]") && !shape.equals("actual 200 [] [X-Internal]")) {
                            return "a response mixing both policies:\n" + r;
                        }
                        HttpResponse p = app.send(preflight("/shop/api/items", "https://five.example", "PUT", "authorization"));
                        String preflightShape = "preflight " + p.status() + " " + p.headers("Access-Control-Allow-Credentials")
                                + " " + p.headers("Access-Control-Max-Age");
                        seen.add(preflightShape);
                        if (!preflightShape.equals("preflight 204 [true] [600]") && !preflightShape.equals("preflight 204 [] [60]")) {
                            return "a preflight answer mixing both policies:\n" + p;
                        }
                        requests.addAndGet(2);
                    }
                    return null;
                }));
            }
            for (Future<String> problem : problems) {
                assertEquals(null, problem.get(120, TimeUnit.SECONDS)); // a failed request throws here
            }
        } finally {
            pool.shutdownNow();
            flipper.join();
        }
        assertEquals(rewrites, written.get());
        assertEquals(4, seen.size(), () -> "both versions must have answered both kinds of request: " + seen
                + " (" + requests.get() + " requests)");
    }

    private HttpResponse items(String origin) {
        return app.send(get("/shop/api/items").origin(origin).authorized());
    }

    private HttpResponse awaitGrantFor(String origin) throws InterruptedException {
        return Eventually.response(WITHIN, () -> items(origin), r -> r.header("Access-Control-Allow-Origin") != null);
    }

    private static String policyFor(String origin) {
        return Policies.CONTRACT.replace("https://app.example.com, https://*.trusted.example, http://localhost:*", origin);
    }

    /** What the kubelet does: a new timestamped directory, then ..data renamed over to point at it. */
    private void swapConfigMap(String text) throws Exception {
        version++;
        Path dir = mount.resolve("..v" + version);
        Files.createDirectories(dir);
        Policies.write(dir, "cors.properties", text);
        Path tmpLink = mount.resolve("..data_tmp");
        Files.deleteIfExists(tmpLink);
        Files.createSymbolicLink(tmpLink, Path.of(dir.getFileName().toString()));
        Files.move(tmpLink, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    }
}
