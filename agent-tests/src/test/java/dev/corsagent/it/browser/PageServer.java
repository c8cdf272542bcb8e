package dev.corsagent.it.browser;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves the test page from this (the test) JVM on {@code http://127.0.0.1:PORT}: a browser origin
 * of its own. The shop runs on {@code localhost}, which the browser treats as another origin, so
 * every call the page makes to it is a cross-origin one.
 */
final class PageServer implements AutoCloseable {
    /**
     * The page defines {@code shopFetch(url, init)}: it runs fetch and reports what a script on this
     * origin is allowed to see. A CORS refusal surfaces as a rejected promise (a TypeError), never
     * as a status, so {@code ok: false} with the error text means the browser blocked the response.
     */
    private static final String PAGE = String.join("\n",
            "<!doctype html>",
            "<html><head><meta charset=\"utf-8\"><title>cors-agent browser test page</title></head>",
            "<body><p>cors-agent browser test page</p>",
            "<script>",
            "window.shopFetch = async function (url, init) {",
            "  try {",
            "    const response = await fetch(url, init);",
            "    const body = await response.text();",
            "    return { ok: true, status: response.status, body: body,",
            "             requestId: response.headers.get('X-Request-Id'),",
            "             internal: response.headers.get('X-Internal') };",
            "  } catch (e) {",
            "    return { ok: false, error: String(e) };",
            "  }",
            "};",
            "</script></body></html>",
            "");

    private final HttpServer server;

    private PageServer(HttpServer server) {
        this.server = server;
    }

    static PageServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new PageServer(server);
    }

    /** The page's origin, e.g. {@code http://127.0.0.1:41234}. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String pageUrl() {
        return origin() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
