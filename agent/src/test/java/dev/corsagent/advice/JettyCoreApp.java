package dev.corsagent.advice;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty 12 core handler standing in for the app and the container's security, per path. Loaded
 * by {@link Jetty12AdviceTest}'s isolated loader together with the hooked Jetty classes, so it is
 * driven by reflection and over HTTP only.
 */
public final class JettyCoreApp extends Handler.Abstract {
    /** Requests that reached this handler (an answered preflight must not). */
    public static volatile int handled;

    public static Object[] startServer() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new JettyCoreApp());
        server.start();
        return new Object[] {server, connector.getLocalPort()};
    }

    public static void stopServer(Object server) throws Exception {
        ((Server) server).stop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        handled++;
        String path = Request.getPathInContext(request);
        response.getHeaders().put("X-Cors-Type", String.valueOf(request.getAttribute("cors.request.type")));
        if (path.equals("/fail")) {
            throw new IllegalStateException("the app failed");
        }
        if (path.equals("/login")) {
            // as SecurityHandler's BASIC authenticator: a challenge, no body
            response.setStatus(401);
            response.getHeaders().put("WWW-Authenticate", "Basic realm=\"shop\"");
            callback.succeeded();
            return true;
        }
        response.getHeaders().put("Access-Control-Allow-Origin", "*");
        response.getHeaders().put("Access-Control-Allow-Methods", "GET");
        response.getHeaders().put("Vary", "Accept-Encoding");
        if (path.equals("/reset")) {
            response.reset();
            response.setStatus(200);
        }
        response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
        return true;
    }
}
