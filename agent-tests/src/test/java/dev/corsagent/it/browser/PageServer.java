package dev.corsagent.it.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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

    /**
     * For a browser without a DevTools socket (Firefox, WebKit): the page, opened with
     * {@code ?channel=ID}, asks this server for the next expression to evaluate, awaits it and
     * posts the JSON result back. Same origin as the page, so no CORS is involved in the channel.
     */
    private static final String CHANNEL_SCRIPT = String.join("\n",
            "<script>",
            "(async function () {",
            "  const id = new URLSearchParams(location.search).get('channel');",
            "  if (!id) return;",
            "  for (;;) {",
            "    let response;",
            "    try { response = await fetch('/channel/' + id + '/next', { cache: 'no-store' }); }",
            "    catch (e) { await new Promise(r => setTimeout(r, 200)); continue; }",
            "    if (response.status !== 200) continue;",
            "    const expression = await response.text();",
            "    let out;",
            "    try { const value = await (0, eval)(expression);",
            "          out = JSON.stringify({ value: value === undefined ? null : value }); }",
            "    catch (e) { out = JSON.stringify({ thrown: String(e) }); }",
            "    await fetch('/channel/' + id + '/result', { method: 'POST', body: out, cache: 'no-store' });",
            "  }",
            "})();",
            "</script>",
            "");

    /** Every live page server by origin, so a channel tab finds the server its page comes from. */
    private static final Map<String, PageServer> BY_ORIGIN = new ConcurrentHashMap<>();

    /** One channel tab's queues: expressions to the page, JSON results back. */
    static final class Channel {
        final BlockingQueue<String> expressions = new LinkedBlockingQueue<>();
        final BlockingQueue<String> results = new LinkedBlockingQueue<>();
        volatile boolean polled;
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    private final HttpServer server;

    private PageServer(HttpServer server) {
        this.server = server;
    }

    static PageServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool()); // a channel's long poll must not block the page
        PageServer pages = new PageServer(server);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String page = query != null && query.startsWith("channel=")
                    ? PAGE.replace("</body>", CHANNEL_SCRIPT + "</body>") : PAGE;
            send(exchange, 200, "text/html; charset=utf-8", page);
        });
        server.createContext("/channel/", exchange -> pages.channelRequest(exchange));
        server.start();
        BY_ORIGIN.put(pages.origin(), pages);
        return pages;
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, status == 204 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (status != 204) {
                out.write(body);
            }
        }
    }

    /** GET /channel/ID/next: the next expression (held up to 20 s, else 204); POST /channel/ID/result. */
    private void channelRequest(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        Channel channel = parts.length == 4 ? channels.get(parts[2]) : null;
        if (channel == null) {
            send(exchange, 404, "text/plain", "no such channel");
            return;
        }
        if (parts[3].equals("next")) {
            channel.polled = true;
            String expression;
            try {
                expression = channel.expressions.poll(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                expression = null;
            }
            if (expression == null) {
                send(exchange, 204, "text/plain", "");
            } else {
                send(exchange, 200, "text/plain; charset=utf-8", expression);
            }
        } else {
            channel.results.offer(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            send(exchange, 204, "text/plain", "");
        }
    }

    /** The page server of {@code url}'s origin, or null. */
    static PageServer forUrl(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return BY_ORIGIN.get(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort());
    }

    Channel openChannel(String id) {
        Channel channel = new Channel();
        channels.put(id, channel);
        return channel;
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
        BY_ORIGIN.remove(origin());
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
