package dev.corsagent.sample;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Properties;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.AccessLogValve;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Runs one WAR on embedded Tomcat at context /shop, the way an operator's unchanged app would run.
 * The same source is compiled against Tomcat 9 (javax) and Tomcat 10.1 (jakarta): it only uses
 * Catalina's own API, which both share, and never the servlet API.
 *
 * <p>Usage: {@code java [-javaagent:...] -jar shop-launcher-tomcatN.jar --port N --war PATH
 * [--access-log FILE] [--tomcat-cors-filter FILE] [--static-cors-headers true] [--https-keystore PKCS12-FILE]}. With a keystore
 * (password {@code changeit}) the connector speaks TLS and offers HTTP/2 by ALPN. Prints {@code listening on http://localhost:N/shop} on stdout once the
 * app is up; everything else (Tomcat's own logging) goes to stderr.
 */
public final class Launcher {

    private static final String CONTEXT_PATH = "/shop";
    private static final String USAGE =
            "usage: java -jar shop-launcher.jar --port N --war PATH [--access-log FILE] [--tomcat-cors-filter FILE]"
            + " [--static-cors-headers true] [--https-keystore PKCS12-FILE]";
    private static final String KEYSTORE_PASSWORD = "changeit";
    /** Where {@code --tomcat-cors-filter} maps Tomcat's CorsFilter: the paths examples/cors.properties covers. */
    private static final String[] CORS_FILTER_URL_PATTERNS = {"/api/*", "/secure/*"};

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Integer port = null;
        String war = null;
        String accessLog = null;
        String corsFilterParameters = null;
        String httpsKeystore = null;
        boolean staticCorsHeaders = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                usageError("missing value after " + name);
            }
            String value = args[++i];
            if ("--port".equals(name)) {
                port = parsePort(value);
            } else if ("--war".equals(name)) {
                war = value;
            } else if ("--access-log".equals(name)) {
                accessLog = value;
            } else if ("--tomcat-cors-filter".equals(name)) {
                corsFilterParameters = value;
            } else if ("--static-cors-headers".equals(name)) {
                staticCorsHeaders = Boolean.parseBoolean(value);
            } else if ("--https-keystore".equals(name)) {
                httpsKeystore = value;
            } else {
                usageError("unknown argument " + name);
            }
        }
        if (port == null || war == null) {
            usageError("--port and --war are required");
        }
        File warFile = new File(war).getAbsoluteFile();
        if (!warFile.isFile()) {
            usageError("no such WAR file: " + warFile);
        }

        // A fresh base directory per run: the WAR is unpacked there, so an old copy never wins.
        final Path baseDir = Files.createTempDirectory("shop-tomcat-");
        Files.createDirectories(baseDir.resolve("webapps"));

        final Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(port);
        Connector connector = httpsKeystore == null ? tomcat.getConnector() // creates the HTTP connector
                : httpsConnector(port, new File(httpsKeystore).getAbsoluteFile());
        if (httpsKeystore != null) {
            tomcat.setConnector(connector);
        }
        // Users for the BASIC login of web.xml's security-constraint on /secure/*.
        tomcat.addUser("alice", "secret");
        tomcat.addRole("alice", "cors-user");
        if (staticCorsHeaders) {
            tomcat.getHost().getPipeline().addValve(new StaticCorsHeadersValve()); // benchmarks only
        }
        if (accessLog != null) {
            tomcat.getHost().getPipeline().addValve(accessLogValve(new File(accessLog).getAbsoluteFile()));
        }

        // No JSP support is on the classpath, so skip Tomcat's default web.xml (its jsp servlet).
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp(CONTEXT_PATH, warFile.getPath());
        // The launcher jar itself is on the class path; nothing in it is meant for the webapp.
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        if (corsFilterParameters != null) {
            addTomcatCorsFilter(context, new File(corsFilterParameters).getAbsoluteFile());
        }

        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    tomcat.stop();
                    tomcat.destroy();
                } catch (Exception e) {
                    System.err.println("shop launcher: stop failed: " + e);
                }
                deleteQuietly(baseDir);
            }
        }, "shop-launcher-shutdown"));

        tomcat.start();
        if (context.getState() != LifecycleState.STARTED || connector.getState() != LifecycleState.STARTED) {
            System.err.println("shop launcher: the webapp or the connector failed to start (see the log above)");
            System.exit(1);
        }
        // --port 0 asks for any free port: report the one actually bound.
        System.out.println("listening on " + (httpsKeystore == null ? "http" : "https") + "://localhost:"
                + connector.getLocalPort() + CONTEXT_PATH);
        System.out.flush();
        tomcat.getServer().await();
    }

    /** TLS with the keystore's certificate, and HTTP/2 offered by ALPN (h2), as production runs it. */
    private static Connector httpsConnector(int port, File keystore) {
        Connector https = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        https.setPort(port);
        https.setScheme("https");
        https.setSecure(true);
        https.setProperty("SSLEnabled", "true");
        SSLHostConfig tls = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.RSA);
        certificate.setCertificateKeystoreFile(keystore.getPath());
        certificate.setCertificateKeystorePassword(KEYSTORE_PASSWORD);
        certificate.setCertificateKeystoreType("PKCS12");
        tls.addCertificate(certificate);
        https.addSslHostConfig(tls);
        https.addUpgradeProtocol(new Http2Protocol());
        return https;
    }

    /** One line per request, written when the response is complete: method, URI, status, protocol. */
    private static AccessLogValve accessLogValve(File file) {
        AccessLogValve valve = new AccessLogValve();
        File parent = file.getParentFile();
        valve.setDirectory(parent.getPath());
        valve.setPrefix(file.getName());
        valve.setSuffix("");
        valve.setRotatable(false); // keep the exact file name, no date stamp
        valve.setBuffered(false); // tests read the file while the server runs
        valve.setPattern("%m %U%q %s %H");
        return valve;
    }

    /**
     * For comparisons with the agent (scripts/bench): Tomcat's own CorsFilter in front of the app's
     * filters, as if web.xml declared it first. {@code parameters} is a properties file of its init
     * parameters ({@code cors.allowed.origins = ...}).
     */
    private static void addTomcatCorsFilter(Context context, File parameters) throws IOException {
        Properties properties = new Properties();
        InputStream in = Files.newInputStream(parameters.toPath());
        try {
            properties.load(in);
        } finally {
            in.close();
        }
        FilterDef filter = new FilterDef();
        filter.setFilterName("TomcatCorsFilter");
        filter.setFilterClass("org.apache.catalina.filters.CorsFilter");
        filter.setAsyncSupported("true");
        for (String name : properties.stringPropertyNames()) {
            filter.addInitParameter(name, properties.getProperty(name).trim());
        }
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("TomcatCorsFilter");
        for (String pattern : CORS_FILTER_URL_PATTERNS) {
            mapping.addURLPattern(pattern);
        }
        // before the maps web.xml adds at start: CorsFilter runs first, as a CORS filter must
        context.addFilterMapBefore(mapping);
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usageError("not a port number: " + value);
        return -1; // unreachable
    }

    private static void usageError(String message) {
        System.err.println("shop launcher: " + message);
        System.err.println(USAGE);
        System.exit(2);
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<Path>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("shop launcher: could not delete " + dir + ": " + e);
        }
    }
}
