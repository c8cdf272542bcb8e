package dev.corsagent.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Recipes for the application servers of the {@code *SafetyIT} classes. Each recipe prepares a
 * private server base (or domain, or user dir) under the directory it is given, copies the shop WAR
 * into it, and returns the java command that starts the server with that base. The shared unpacked
 * distribution under {@code target/dist} is only read, never written. Every server is started by
 * launching its JVM directly (no forking shell script), so the child process is the server itself
 * (for GlassFish: asadmin, whose own child is the server) and {@link ChildJvm#close()} kills it.
 * The agent is not part of any recipe: the caller adds JAVA_TOOL_OPTIONS, or not.
 */
public final class AppServers {
    private AppServers() {
    }

    /** A server prepared in a directory, ready to be started. */
    public static final class Prepared {
        public final ChildJvm.Builder builder;
        public final int httpPort;
        /** Files or directories (searched recursively) with the server's own log files. */
        public final List<Path> logLocations;
        /** Files whose appearance means the deployment failed (e.g. WildFly's shop.war.failed); may be empty. */
        public final List<Path> failureMarkers;
        /** The command line, readable, for reports. */
        public final String description;
        /** Files whose appearance means the server says the WAR is deployed (e.g. WildFly's shop.war.deployed). */
        public final List<Path> deployedMarkers = new ArrayList<>();
        /** Text in the child's stdout or the server's log files that says the WAR is deployed, or null. */
        public String deployedLogText;

        Prepared(ChildJvm.Builder builder, int httpPort, List<Path> logLocations, List<Path> failureMarkers) {
            this.builder = builder;
            this.httpPort = httpPort;
            this.logLocations = logLocations;
            this.failureMarkers = failureMarkers;
            this.description = String.join(" ", builder.command());
        }

        Prepared deployedWhen(Path marker) {
            deployedMarkers.add(marker);
            return this;
        }

        Prepared deployedWhenLogged(String text) {
            deployedLogText = text;
            return this;
        }
    }

    /** One server: prepares a fresh private base in {@code dir} for each start. */
    public interface Recipe {
        String name();

        Prepared prepare(String runName, Path dir) throws IOException;
    }

    // ------------------------------------------------------------------ system properties

    public static Path dist(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run through Maven (mvn -B verify)");
        }
        Path path = Paths.get(value).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + " = " + path + " does not exist; run mvn process-test-resources");
        }
        return path;
    }

    /** The major version of the child JVMs' JDK (java.home.for.tests), from its {@code release} file. */
    public static int childJavaMajor() {
        String v = childJavaVersion();
        String first = v.split("[.+-]")[0];
        try {
            int major = Integer.parseInt(first);
            return major == 1 ? Integer.parseInt(v.split("\\.")[1]) : major;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** JAVA_VERSION of the child JVMs' JDK, e.g. 17.0.15, or "unknown". */
    public static String childJavaVersion() {
        Path release = ChildJvm.javaExecutable().getParent().getParent().resolve("release");
        try {
            for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    // ------------------------------------------------------------------ Tomcat 7 / 8.5

    /** A standalone Tomcat (7, 8.5): the {@link StandaloneTomcat} recipe, with a 512 MB heap. */
    public static Recipe tomcat(String name, String distProperty, Path war) {
        return new Recipe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Prepared prepare(String runName, Path dir) throws IOException {
                StandaloneTomcat tomcat = StandaloneTomcat.prepare(dist(distProperty), dir.resolve("catalina-base"), war);
                ChildJvm.Builder b = tomcat.starter(runName).jvmArg("-Xmx512m");
                return new Prepared(b, tomcat.httpPort(), List.of(tomcat.base().resolve("logs")), List.of());
            }
        };
    }

    // ------------------------------------------------------------------ Jetty 10

    /** jetty-home 10 with a fresh jetty base, as Jetty94IT does for 9.4 (realm "shop" in webapps/shop.xml). */
    public static Recipe jetty10(Path war) {
        return jettyHome("jetty10", "jetty10.home", war);
    }

    /** jetty-home 11 (jakarta.servlet 5) the same way: Jetty 10's engine on the jakarta API. */
    public static Recipe jetty11(Path war) {
        return jettyHome("jetty11", "jetty11.home", war);
    }

    private static Recipe jettyHome(String name, String homeProperty, Path war) {
        return new Recipe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Prepared prepare(String runName, Path dir) throws IOException {
                Path home = dist(homeProperty);
                Path base = dir.resolve("jetty-base");
                Files.createDirectories(base.resolve("webapps"));
                Files.createDirectories(base.resolve("logs"));
                int port = Ports.free();
                write(base.resolve("start.ini"), String.join("\n",
                        "--module=server,http,deploy,webapp,security",
                        "jetty.http.port=" + port,
                        "jetty.http.host=127.0.0.1", ""));
                Path copy = Files.copy(war, base.resolve("shop.war"), StandardCopyOption.REPLACE_EXISTING);
                Path realm = base.resolve("realm.properties");
                write(realm, "alice: secret,cors-user\n");
                write(base.resolve("webapps/shop.xml"), String.join("\n",
                        "<?xml version=\"1.0\"?>",
                        "<!DOCTYPE Configure PUBLIC \"-//Jetty//Configure//EN\" \"https://www.eclipse.org/jetty/configure_10_0.dtd\">",
                        "<Configure class=\"org.eclipse.jetty.webapp.WebAppContext\">",
                        "  <Set name=\"contextPath\">/shop</Set>",
                        "  <Set name=\"war\">" + copy + "</Set>",
                        "  <Get name=\"securityHandler\">",
                        "    <Set name=\"loginService\">",
                        "      <New class=\"org.eclipse.jetty.security.HashLoginService\">",
                        "        <Set name=\"name\">shop</Set>",
                        "        <Set name=\"config\">" + realm + "</Set>",
                        "      </New>",
                        "    </Set>",
                        "  </Get>",
                        "</Configure>", ""));
                ChildJvm.Builder b = ChildJvm.builder(runName).workDir(base)
                        .jvmArg("-Xmx512m")
                        .jar(home.resolve("start.jar"))
                        .args("jetty.home=" + home, "jetty.base=" + base);
                return new Prepared(b, port, List.of(base.resolve("logs")), List.of());
            }
        };
    }

    // ------------------------------------------------------------------ WildFly

    /**
     * WildFly with a private copy of {@code standalone/} as jboss.server.base.dir, alice/secret in
     * role cors-user in the ApplicationRealm, a free port offset, bound to 127.0.0.1. The command is
     * the one {@code bin/standalone.sh} builds (its JAVA_OPTS defaults and the modular JDK options of
     * {@code bin/common.sh}), launched without the shell.
     */
    public static Recipe wildfly(String name, String distProperty, Path war) {
        return new Recipe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Prepared prepare(String runName, Path dir) throws IOException {
                Path home = dist(distProperty);
                Path base = dir.resolve("standalone");
                StandaloneTomcat.copyTree(home.resolve("standalone/configuration"), base.resolve("configuration"));
                for (String d : List.of("deployments", "data", "log", "tmp")) {
                    Files.createDirectories(base.resolve(d));
                }
                Files.copy(war, base.resolve("deployments/shop.war"), StandardCopyOption.REPLACE_EXISTING);
                String hash = md5Hex("alice:ApplicationRealm:secret");
                append(base.resolve("configuration/application-users.properties"), "\nalice=" + hash + "\n");
                append(base.resolve("configuration/application-roles.properties"), "\nalice=cors-user\n");
                int offset = freeOffset(8080, 8443, 9990, 9993, 8009, 4712, 4713);
                ChildJvm.Builder b = ChildJvm.builder(runName).workDir(dir)
                        .jvmArg("-D[Standalone]")
                        .jvmArg("-Xms64m").jvmArg("-Xmx512m")
                        .jvmArg("-Djava.net.preferIPv4Stack=true")
                        .jvmArg("-Djboss.modules.system.pkgs=org.jboss.byteman")
                        .jvmArg("-Djava.awt.headless=true")
                        .jvmArg("-Djdk.serialFilter=maxbytes=10485760;maxdepth=128;maxarray=100000;maxrefs=300000");
                for (String opt : List.of(
                        "--add-exports=java.desktop/sun.awt=ALL-UNNAMED",
                        "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
                        "--add-exports=java.naming/com.sun.jndi.url.ldap=ALL-UNNAMED",
                        "--add-exports=java.naming/com.sun.jndi.url.ldaps=ALL-UNNAMED",
                        "--add-exports=jdk.naming.dns/com.sun.jndi.dns=ALL-UNNAMED",
                        "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                        "--add-opens=java.base/java.io=ALL-UNNAMED",
                        "--add-opens=java.base/java.net=ALL-UNNAMED",
                        "--add-opens=java.base/java.security=ALL-UNNAMED",
                        "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                        "--add-opens=java.management/javax.management=ALL-UNNAMED",
                        "--add-opens=java.naming/javax.naming=ALL-UNNAMED")) {
                    b.jvmArg(opt);
                }
                b.jvmArg("-Dorg.jboss.boot.log.file=" + base.resolve("log/server.log"))
                        .jvmArg("-Dlogging.configuration=file:" + base.resolve("configuration/logging.properties"))
                        .jar(home.resolve("jboss-modules.jar"))
                        .args("-mp", home.resolve("modules").toString(),
                                "org.jboss.as.standalone",
                                "-Djboss.home.dir=" + home,
                                "-Djboss.server.base.dir=" + base,
                                "-Djboss.socket.binding.port-offset=" + offset,
                                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1");
                return new Prepared(b, 8080 + offset, List.of(base.resolve("log")),
                        List.of(base.resolve("deployments/shop.war.failed")))
                        .deployedWhen(base.resolve("deployments/shop.war.deployed"));
            }
        };
    }

    // ------------------------------------------------------------------ Open Liberty

    /**
     * Open Liberty: a server "shop" in a private WLP_USER_DIR (features servlet-6.0 and
     * appSecurity-5.0, a basicRegistry with alice in group cors-user mapped to role cors-user), started
     * with the command {@code bin/server run} builds: java with Liberty's own javaagent and its
     * javaNN.options, {@code -jar bin/tools/ws-server.jar shop --clean}.
     */
    public static Recipe openLiberty(Path war) {
        return openLiberty(war, "servlet-6.0", "appSecurity-5.0");
    }

    /** As above with the given features: servlet-4.0 and appSecurity-3.0 for the javax shop. */
    public static Recipe openLiberty(Path war, String servletFeature, String securityFeature) {
        return new Recipe() {
            @Override
            public String name() {
                return "openliberty";
            }

            @Override
            public Prepared prepare(String runName, Path dir) throws IOException {
                Path wlp = dist("openliberty.dist");
                Path userDir = dir.resolve("usr");
                Path server = userDir.resolve("servers/shop");
                Files.createDirectories(server.resolve("apps"));
                Files.copy(war, server.resolve("apps/shop.war"), StandardCopyOption.REPLACE_EXISTING);
                int port = Ports.free();
                write(server.resolve("server.xml"), String.join("\n",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                        "<server description=\"cors-agent safety test\">",
                        "  <featureManager>",
                        "    <feature>" + servletFeature + "</feature>",
                        "    <feature>" + securityFeature + "</feature>",
                        "  </featureManager>",
                        "  <httpEndpoint id=\"defaultHttpEndpoint\" host=\"127.0.0.1\" httpPort=\"" + port + "\" httpsPort=\"-1\"/>",
                        "  <basicRegistry id=\"basic\" realm=\"shop\">",
                        "    <user name=\"alice\" password=\"secret\"/>",
                        "    <group name=\"cors-user\"><member name=\"alice\"/></group>",
                        "  </basicRegistry>",
                        "  <webApplication id=\"shop\" location=\"shop.war\" contextRoot=\"/shop\">",
                        "    <application-bnd>",
                        "      <security-role name=\"cors-user\"><group name=\"cors-user\"/></security-role>",
                        "    </application-bnd>",
                        "  </webApplication>",
                        "</server>", ""));
                ChildJvm.Builder b = ChildJvm.builder(runName).workDir(dir)
                        .env("WLP_USER_DIR", userDir.toString())
                        .jvmArg("-javaagent:" + wlp.resolve("bin/tools/ws-javaagent.jar"))
                        .jvmArg("-Djava.awt.headless=true")
                        .jvmArg("-Djdk.attach.allowAttachSelf=true");
                String optionsFile = childJavaMajor() >= 24 ? "java24.options" : "java9.options";
                for (String line : Files.readAllLines(wlp.resolve("lib/platform/java/" + optionsFile), StandardCharsets.UTF_8)) {
                    String t = line.trim();
                    if (!t.isEmpty() && !t.startsWith("#")) {
                        b.jvmArg(t);
                    }
                }
                b.jvmArg("-Xmx512m")
                        .jar(wlp.resolve("bin/tools/ws-server.jar"))
                        .args("shop", "--clean");
                // CWWKZ0001I: Application shop started
                return new Prepared(b, port, List.of(server.resolve("logs")), List.of()).deployedWhenLogged("CWWKZ0001I");
            }
        };
    }

    // ------------------------------------------------------------------ GlassFish 7

    /**
     * GlassFish 7: a private copy of {@code domains/domain1} with free ports in domain.xml and the WAR
     * in its autodeploy directory, started with {@code asadmin start-domain --verbose} (asadmin is
     * {@code java -jar lib/client/appserver-cli.jar}; with --verbose it stays in the foreground as
     * the parent of the server JVM, so killing our child's process tree stops the server). The
     * environment, JAVA_TOOL_OPTIONS included, reaches both asadmin and the server JVM. No file-realm
     * user is set up (the safety checks do not need the BASIC login).
     */
    public static Recipe glassfish7(Path war) {
        return new Recipe() {
            @Override
            public String name() {
                return "glassfish7";
            }

            @Override
            public Prepared prepare(String runName, Path dir) throws IOException {
                Path gf = dist("glassfish7.dist");
                Path domains = dir.resolve("domains");
                Path domain = domains.resolve("domain1");
                StandaloneTomcat.copyTree(gf.resolve("glassfish/domains/domain1"), domain);
                Path domainXml = domain.resolve("config/domain.xml");
                String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
                int http = Ports.free();
                for (String p : List.of("3700", "3820", "3920", "8686", "8181", "4848")) {
                    xml = replaceRequired(xml, "port=\"" + p + "\"", "port=\"" + Ports.free() + "\"", domainXml);
                }
                xml = replaceRequired(xml, "port=\"8080\"", "port=\"" + http + "\"", domainXml);
                Files.writeString(domainXml, xml, StandardCharsets.UTF_8);
                Files.createDirectories(domain.resolve("autodeploy"));
                Files.copy(war, domain.resolve("autodeploy/shop.war"), StandardCopyOption.REPLACE_EXISTING);
                ChildJvm.Builder b = ChildJvm.builder(runName).workDir(dir)
                        .env("AS_JAVA", ChildJvm.javaExecutable().getParent().getParent().toString())
                        .env("JAVA_HOME", ChildJvm.javaExecutable().getParent().getParent().toString())
                        .jar(gf.resolve("glassfish/lib/client/appserver-cli.jar"))
                        .args("start-domain", "--verbose", "--domaindir", domains.toString(), "domain1");
                return new Prepared(b, http, List.of(domain.resolve("logs")),
                        List.of(domain.resolve("autodeploy/shop.war_deployFailed")))
                        .deployedWhen(domain.resolve("autodeploy/shop.war_deployed"));
            }
        };
    }

    // ------------------------------------------------------------------ Payara Micro 7

    /** Payara Micro 7 (Java 21+): {@code java -jar payara-micro.jar --deploy shop.war --port N --nocluster --rootdir DIR}. */
    public static Recipe payaraMicro7(Path war) {
        return new Recipe() {
            @Override
            public String name() {
                return "payara-micro7";
            }

            @Override
            public Prepared prepare(String runName, Path dir) throws IOException {
                Path jar = dist("payara.micro.jar");
                Path root = dir.resolve("payara-root");
                Files.createDirectories(root);
                Path copy = Files.copy(war, dir.resolve("shop.war"), StandardCopyOption.REPLACE_EXISTING);
                int port = Ports.free();
                ChildJvm.Builder b = ChildJvm.builder(runName).workDir(dir)
                        .jvmArg("-Xmx512m")
                        .jar(jar)
                        .args("--deploy", copy.toString(), "--port", Integer.toString(port),
                                "--nocluster", "--rootdir", root.toString());
                return new Prepared(b, port, List.of(root), List.of()).deployedWhenLogged("Payara Micro URLs");
            }
        };
    }

    // ------------------------------------------------------------------ helpers

    /** A port offset such that every base port + offset is free on 127.0.0.1 right now. */
    static int freeOffset(int... basePorts) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(1_000, 20_000);
            boolean free = true;
            for (int base : basePorts) {
                if (!isFree(base + offset)) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String replaceRequired(String text, String from, String to, Path file) {
        if (!text.contains(from)) {
            throw new IllegalStateException("no " + from + " in " + file);
        }
        return text.replace(from, to);
    }

    static String md5Hex(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Every regular file under the given files or directories. */
    public static List<Path> filesUnder(List<Path> locations) {
        List<Path> files = new ArrayList<>();
        for (Path location : locations) {
            if (Files.isRegularFile(location)) {
                files.add(location);
            } else if (Files.isDirectory(location)) {
                try (Stream<Path> s = Files.walk(location)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }
}
