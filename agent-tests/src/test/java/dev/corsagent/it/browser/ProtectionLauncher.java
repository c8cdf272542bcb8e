package dev.corsagent.it.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.websocket.DeploymentException;
import javax.websocket.Endpoint;
import javax.websocket.EndpointConfig;
import javax.websocket.MessageHandler;
import javax.websocket.Session;
import javax.websocket.server.ServerContainer;
import javax.websocket.server.ServerEndpointConfig;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The app for {@link CrossOriginProtectionBrowserIT}, run in a child JVM with the agent: embedded
 * Tomcat 9 with its own JSR 356 implementation. {@code /shop/ws/echo} is a WebSocket endpoint that
 * echoes text; {@code /shop/forms/submit} takes a form POST and counts it; {@code /shop/forms/count}
 * says how many arrived; {@code /shop/forms/page} is a page of the app's own origin.
 * Usage: {@code ProtectionLauncher PORT}.
 */
public final class ProtectionLauncher {
    static final AtomicInteger SUBMITTED = new AtomicInteger();

    private ProtectionLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("protection-tomcat").toString());
        tomcat.setPort(Integer.parseInt(args[0]));
        tomcat.getConnector();
        Context context = tomcat.addContext("/shop", null);
        // Tomcat's own JSR 356 container, then the endpoint on it
        context.addServletContainerInitializer((classes, servletContext) -> {
            new WsSci().onStartup(null, servletContext);
            ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(Echo.class, "/ws/echo").build());
            } catch (DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }, null);
        Tomcat.addServlet(context, "forms", new FormsServlet());
        context.addServletMappingDecoded("/forms/*", "forms");
        // Tomcat's WebSocket filter runs only on a mapped request: the servlet also takes every other path
        context.addServletMappingDecoded("/", "forms");
        tomcat.start();
        tomcat.getServer().await();
    }

    public static final class Echo extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(new MessageHandler.Whole<String>() {
                @Override
                public void onMessage(String text) {
                    try {
                        session.getBasicRemote().sendText(text);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
    }

    static final class FormsServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/html;charset=UTF-8");
            if ("/count".equals(request.getPathInfo())) {
                response.getWriter().write(Integer.toString(SUBMITTED.get()));
            } else {
                response.getWriter().write("<!doctype html><html><body><p>the app's own page</p></body></html>");
            }
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            SUBMITTED.incrementAndGet();
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write("<!doctype html><html><body><p>accepted</p></body></html>");
        }
    }
}
