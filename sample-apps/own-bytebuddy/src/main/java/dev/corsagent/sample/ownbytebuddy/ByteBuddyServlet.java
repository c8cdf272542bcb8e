package dev.corsagent.sample.ownbytebuddy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * An app that uses its own Byte Buddy at request time, as many libraries do (mocking, proxies,
 * ORMs). It makes a subclass and reports which Byte Buddy made it: version, jar and class loader.
 */
@WebServlet("/api/bytebuddy")
public class ByteBuddyServlet extends HttpServlet {
    private static final String POM_PROPERTIES = "META-INF/maven/net.bytebuddy/byte-buddy/pom.properties";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // a fixed class file version: the default would ask the running JVM, which an old
        // Byte Buddy may not know yet
        Class<?> made = new ByteBuddy(ClassFileVersion.JAVA_V8)
                .subclass(Object.class)
                .method(ElementMatchers.named("toString"))
                .intercept(FixedValue.value("made by the app's Byte Buddy"))
                .make()
                .load(getClass().getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
        String madeToString;
        try {
            madeToString = made.getDeclaredConstructor().newInstance().toString();
        } catch (ReflectiveOperationException e) {
            throw new IOException("the generated class could not be instantiated", e);
        }

        URL jar = ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader byteBuddyLoader = ByteBuddy.class.getClassLoader();
        String json = "{"
                + field("byteBuddyClass", ByteBuddy.class.getName()) + ","
                + field("byteBuddyVersion", versionIn(jar)) + ","
                + field("byteBuddyJar", jar.toString()) + ","
                + field("byteBuddyLoader", byteBuddyLoader == null ? "bootstrap" : byteBuddyLoader.getClass().getName()) + ","
                + "\"sameLoaderAsApp\":" + (byteBuddyLoader == getClass().getClassLoader()) + ","
                + field("subclassToString", madeToString)
                + "}";
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(json);
    }

    /** The version recorded in the jar's own Maven metadata, not a resource some other jar may shadow. */
    private static String versionIn(URL jar) throws IOException {
        try (JarFile file = new JarFile(jar.getPath())) {
            ZipEntry entry = file.getEntry(POM_PROPERTIES);
            if (entry == null) {
                return "unknown";
            }
            Properties pom = new Properties();
            try (InputStream in = file.getInputStream(entry)) {
                pom.load(in);
            }
            return pom.getProperty("version", "unknown");
        }
    }

    private static String field(String name, String value) {
        StringBuilder json = new StringBuilder().append('"').append(name).append("\":\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
