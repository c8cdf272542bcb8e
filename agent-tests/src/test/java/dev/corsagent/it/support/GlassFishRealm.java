package dev.corsagent.it.support;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shop's container login on GlassFish and Payara: user alice (password "secret") in group
 * cors-user of the file realm, and the default principal-to-role mapping switched on, so that the
 * web.xml role cors-user is the group of that name without a glassfish-web.xml in the WAR.
 */
public final class GlassFishRealm {
    public static final String USER = "alice";
    public static final String PASSWORD = "secret";
    public static final String GROUP = "cors-user";

    private GlassFishRealm() {
    }

    /**
     * Adds the user to {@code keyfile} with GlassFish's own FileRealmHelper (from the distribution's
     * common-util.jar), so the hash is in the format the server reads; no running server needed.
     */
    public static void addUser(Path commonUtilJar, Path keyfile) throws IOException {
        if (!Files.exists(keyfile)) {
            Files.createDirectories(keyfile.getParent());
            Files.writeString(keyfile, "", StandardCharsets.UTF_8);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {commonUtilJar.toUri().toURL()}, null)) {
            Class<?> helper = loader.loadClass("org.glassfish.security.common.FileRealmHelper");
            Object realm = helper.getConstructor(String.class).newInstance(keyfile.toString());
            helper.getMethod("addUser", String.class, char[].class, String[].class)
                    .invoke(realm, USER, PASSWORD.toCharArray(), new String[] {GROUP});
            helper.getMethod("persist").invoke(realm);
        } catch (InvocationTargetException e) {
            throw new IOException("FileRealmHelper failed on " + keyfile, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException("GlassFish's FileRealmHelper not usable from " + commonUtilJar, e);
        }
    }

    /** Sets activate-default-principal-to-role-mapping on every security-service of a domain.xml. */
    public static void mapRolesToGroups(Path domainXml) throws IOException {
        String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
        String mapped = xml.replace("<security-service>",
                "<security-service activate-default-principal-to-role-mapping=\"true\">");
        if (mapped.equals(xml)) {
            throw new IllegalStateException("no <security-service> in " + domainXml);
        }
        Files.writeString(domainXml, mapped, StandardCharsets.UTF_8);
    }

    /**
     * Grizzly answers 400 to a DELETE with a body unless the listener allows a payload for methods
     * whose payload HTTP leaves undefined; the contract sends one (Tomcat and Jetty accept it).
     */
    public static void allowDeleteWithBody(Path domainXml) throws IOException {
        String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
        // every protocol named http-listener-1 (the server's config and the default-config template)
        String allowed = xml.replaceAll("(<protocol name=\"http-listener-1\">\\s*<http )",
                "$1allow-payload-for-undefined-http-methods=\"true\" ");
        if (allowed.equals(xml)) {
            throw new IllegalStateException("no http-listener-1 <http> element as expected in " + domainXml);
        }
        Files.writeString(domainXml, allowed, StandardCharsets.UTF_8);
    }
}
