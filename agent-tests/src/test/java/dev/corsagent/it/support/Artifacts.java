package dev.corsagent.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths of the reactor's build outputs, handed in by the failsafe configuration as system properties. */
public final class Artifacts {
    private Artifacts() {
    }

    public static Path agentJar() {
        return require("cors.agent.jar");
    }

    public static Path javaxWar() {
        return require("shop.war.javax");
    }

    public static Path jakartaWar() {
        return require("shop.war.jakarta");
    }

    /** A javax WAR that bundles its own Byte Buddy 1.14.18 and uses it per request. */
    public static Path ownByteBuddyWar() {
        return require("own.bytebuddy.war");
    }

    public static Path tomcat9Launcher() {
        return require("launcher.tomcat9.jar");
    }

    public static Path tomcat10Launcher() {
        return require("launcher.tomcat10.jar");
    }

    public static Path tomcat11Launcher() {
        return require("launcher.tomcat11.jar");
    }

    /** The unpacked standalone Tomcat 9 distribution (CATALINA_HOME). */
    public static Path tomcat9Dist() {
        return require("tomcat9.dist");
    }

    public static Path tomcat10Dist() {
        return require("tomcat10.dist");
    }

    public static Path tomcat11Dist() {
        return require("tomcat11.dist");
    }

    /** The unpacked Jetty 12 distribution (JETTY_HOME, from jetty-home). */
    public static Path jettyHome() {
        return require("jetty.home");
    }

    /** Jetty 12 (ee10) and its dependencies, for Jetty12IT's child JVM. */
    public static Path jettyLibs() {
        return require("jetty.libs");
    }

    /** tomcat-embed-core 9 and its annotations jar, for the isolated class loader test. */
    public static Path isolatedTomcatLibs() {
        return require("isolated.tomcat.libs");
    }

    /** tomcat-embed-core 9 with tomcat-embed-websocket, for the browser test of cross-origin protection. */
    public static Path websocketTomcatLibs() {
        return require("websocket.tomcat.libs");
    }

    /** agent-tests' own compiled test classes (the fixture mains live there). */
    public static Path testClasses() {
        return require("test.classes.dir");
    }

    /** A fresh directory under target/it-work for one test's files. */
    public static Path workDir(String name) {
        try {
            Path base = Paths.get(System.getProperty("it.work.dir", "target/it-work")).toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name + "-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path require(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property
                    + " is not set; run the integration tests through Maven (mvn -B verify)");
        }
        Path path = Paths.get(value).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + " = " + path + " does not exist; build the reactor first (mvn -B verify)");
        }
        return path;
    }
}
