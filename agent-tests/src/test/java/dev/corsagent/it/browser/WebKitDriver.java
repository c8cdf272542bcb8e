package dev.corsagent.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corsagent.it.support.Ports;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * WebKitGTK's MiniBrowser driven by {@code WebKitWebDriver} (package webkit2gtk-driver) through the
 * W3C WebDriver HTTP API, under an Xvfb display started first (session creation hangs without
 * one). Unlike {@link ChannelBrowser} it can drive any page, so the playground's own page is the
 * one under test. One session is one MiniBrowser window: {@link #newTab} hands out that window.
 */
final class WebKitDriver implements Browser {
    static final Path DRIVER = Path.of("/usr/bin/WebKitWebDriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final VirtualDisplay display;
    private final Process driver;
    private final String session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private WebKitDriver(VirtualDisplay display, Process driver, String session) {
        this.display = display;
        this.driver = driver;
        this.session = session;
    }

    static boolean available() {
        return Files.isExecutable(DRIVER) && ChannelBrowser.miniBrowser() != null && Files.isExecutable(VirtualDisplay.XVFB);
    }

    static WebKitDriver launch(Path workDir) throws Exception {
        Files.createDirectories(workDir);
        VirtualDisplay display = VirtualDisplay.start(workDir);
        Process driver = null;
        try {
            int port = Ports.free();
            ProcessBuilder builder = new ProcessBuilder(DRIVER.toString(), "--port=" + port);
            builder.environment().put("DISPLAY", display.name);
            builder.environment().put("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
            builder.environment().put("HOME", workDir.toString());
            driver = builder.redirectErrorStream(true).redirectOutput(workDir.resolve("webkitwebdriver.txt").toFile()).start();
            awaitPort(driver, port);
            URI base = URI.create("http://127.0.0.1:" + port);
            ObjectNode options = JSON.createObjectNode().put("binary", ChannelBrowser.miniBrowser().toString());
            options.putArray("args").add("--automation");
            ObjectNode always = JSON.createObjectNode();
            always.set("webkitgtk:browserOptions", options);
            ObjectNode capabilities = JSON.createObjectNode();
            capabilities.set("alwaysMatch", always);
            ObjectNode body = JSON.createObjectNode();
            body.set("capabilities", capabilities);
            JsonNode created = post(HttpClient.newHttpClient(), base.resolve("/session"), body);
            String session = created.path("sessionId").asText();
            return new WebKitDriver(display, driver, base + "/session/" + session);
        } catch (Exception | AssertionError e) {
            if (driver != null) {
                driver.destroyForcibly();
            }
            display.close();
            throw e;
        }
    }

    private static void awaitPort(Process driver, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!driver.isAlive()) {
                throw new IOException("WebKitWebDriver exited with " + driver.exitValue());
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("WebKitWebDriver did not listen on " + port + " within 30 s");
    }

    /** One WebDriver command; an error answer ({@code value.error}) fails the test. */
    private static JsonNode post(HttpClient http, URI uri, JsonNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(response.body()).path("value");
        if (response.statusCode() != 200 || value.has("error")) {
            throw new AssertionError("WebDriver " + uri.getPath() + " failed (" + response.statusCode() + "): " + response.body());
        }
        return value;
    }

    @Override
    public Tab newTab() {
        return new Tab() {
            @Override
            public void open(String url) throws Exception {
                post(http, URI.create(session + "/url"), JSON.createObjectNode().put("url", url));
            }

            /** Through execute/async: the page's callback gets the awaited value as JSON text. */
            @Override
            public JsonNode evaluate(String expression) throws Exception {
                String script = "const done = arguments[arguments.length - 1];"
                        + "Promise.resolve((0, eval)(arguments[0]))"
                        + ".then(v => done(JSON.stringify({value: v === undefined ? null : v})),"
                        + " e => done(JSON.stringify({thrown: String(e)})));";
                ObjectNode body = JSON.createObjectNode().put("script", script);
                body.putArray("args").add(expression);
                JsonNode result = JSON.readTree(post(http, URI.create(session + "/execute/async"), body).asText());
                if (result.has("thrown")) {
                    throw new AssertionError("the page threw evaluating " + expression + ": " + result.get("thrown"));
                }
                return result.path("value");
            }
        };
    }

    @Override
    public void close() {
        try {
            HttpRequest delete = HttpRequest.newBuilder(URI.create(session)).timeout(Duration.ofSeconds(10)).DELETE().build();
            http.send(delete, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the driver is killed below either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
        display.close();
    }
}
