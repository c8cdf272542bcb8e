package dev.corsagent.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import net.bytebuddy.jar.asm.Opcodes;

/**
 * The classes one class loader provides, described from their class files ({@link ClassShape}),
 * never loaded: the hooked class itself from the bytes being transformed, every other one from
 * the loader's resources, which is how the class would be found at run time. One instance serves
 * one transformation; it caches what it read, misses included.
 */
public final class ClassFiles {
    private final ClassLoader loader;
    private final Map<String, ClassShape> shapes = new HashMap<String, ClassShape>();
    private final Set<String> missing = new HashSet<String>();

    ClassFiles(ClassLoader loader, ClassShape hooked) {
        this.loader = loader;
        if (hooked != null) {
            shapes.put(hooked.name, hooked);
        }
    }

    /** The class of this internal name as the loader would find it, or null when it has no class file for it. */
    ClassShape shape(String internalName) {
        ClassShape shape = shapes.get(internalName);
        if (shape != null || missing.contains(internalName)) {
            return shape;
        }
        byte[] classFile = read(internalName);
        if (classFile == null) {
            missing.add(internalName);
            return null;
        }
        shape = ClassShape.read(classFile);
        shapes.put(internalName, shape);
        return shape;
    }

    boolean exists(String internalName) {
        return shape(internalName) != null;
    }

    /** True when {@code type} or one of its supertypes, by name, is {@code wanted}; unresolvable branches count as not. */
    boolean hasSuperType(ClassShape type, String wanted) {
        if (type.name.equals(wanted)) {
            return true;
        }
        if (type.superName != null) {
            ClassShape superType = shape(type.superName);
            if (superType != null && hasSuperType(superType, wanted)) {
                return true;
            }
        }
        for (String name : type.interfaces) {
            ClassShape superType = shape(name);
            if (superType != null && hasSuperType(superType, wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The method with this name and descriptor, declared by {@code owner} or inherited; resolution as the JVM does it, minus access. */
    boolean hasMethod(String owner, String name, String descriptor) {
        ClassShape type = shape(owner);
        if (type == null) {
            return false;
        }
        if (type.methods.containsKey(name + descriptor)) {
            return true;
        }
        if (type.superName != null && hasMethod(type.superName, name, descriptor)) {
            return true;
        }
        for (String declared : type.interfaces) {
            if (hasMethod(declared, name, descriptor)) {
                return true;
            }
        }
        return false;
    }

    /** The descriptor of the field {@code name} that {@code owner} declares or inherits, or null. */
    String fieldDescriptor(String owner, String name) {
        ClassShape type = shape(owner);
        if (type == null) {
            return null;
        }
        String descriptor = type.fields.get(name);
        if (descriptor != null) {
            return descriptor;
        }
        for (String declared : type.interfaces) {
            descriptor = fieldDescriptor(declared, name);
            if (descriptor != null) {
                return descriptor;
            }
        }
        return type.superName == null ? null : fieldDescriptor(type.superName, name);
    }

    /**
     * The descriptor of the instance field {@code name} that code in {@code owner} may read with
     * GETFIELD on {@code this}, or null: declared by the class itself, or inherited from a
     * superclass that lets it (not private; package-private only from the same package). A static
     * field or a hidden one would fail at every call (IncompatibleClassChangeError,
     * IllegalAccessError), past the advice's handler.
     */
    String instanceFieldDescriptor(String owner, String name) {
        String ownPackage = owner.substring(0, Math.max(0, owner.lastIndexOf('/')));
        for (ClassShape type = shape(owner); type != null; type = type.superName == null ? null : shape(type.superName)) {
            Integer access = type.fieldAccess.get(name);
            if (access == null) {
                continue;
            }
            boolean declaredHere = type.name.equals(owner);
            boolean samePackage = type.name.substring(0, Math.max(0, type.name.lastIndexOf('/'))).equals(ownPackage);
            if ((access & Opcodes.ACC_STATIC) != 0
                    || !declaredHere && (access & Opcodes.ACC_PRIVATE) != 0
                    || !declaredHere && (access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) == 0 && !samePackage) {
                return null;
            }
            return type.fields.get(name);
        }
        return null;
    }

    /**
     * Whether a value of type {@code from} may be stored where {@code to} is declared, as the
     * verifier will check it: the same type, {@code Object}, an interface (the verifier lets any
     * reference through), or a supertype; both internal names or descriptors of arrays.
     */
    boolean isAssignable(String from, String to) {
        if (from.equals(to) || to.equals("java/lang/Object")) {
            return true;
        }
        if (from.startsWith("[") || to.startsWith("[")) {
            return false;
        }
        ClassShape target = shape(to);
        if (target != null && target.isInterface()) {
            return true;
        }
        for (ClassShape type = shape(from); type != null && type.superName != null; type = shape(type.superName)) {
            if (type.superName.equals(to)) {
                return true;
            }
        }
        return false;
    }

    private byte[] read(String internalName) {
        return resource(loader, internalName + ".class");
    }

    /**
     * The whole resource {@code name} of {@code loader} (the system loader for null), or null where it
     * has none or it cannot be read. Also the boot-loader bridge's reader of the agent's own classes.
     */
    public static byte[] resource(ClassLoader loader, String name) {
        InputStream in = null;
        try {
            in = loader != null ? loader.getResourceAsStream(name) : ClassLoader.getSystemResourceAsStream(name);
            if (in == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(in.available(), 4096));
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
            return bytes.toByteArray();
        } catch (IOException unreadable) {
            return null;
        } finally {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing was left to read
                }
            }
        }
    }

    /** The class file of {@code internalName} from {@code loader}'s resources, or null (for the agent's advice). */
    static byte[] classFile(ClassLoader loader, String internalName) {
        return new ClassFiles(loader, null).read(internalName);
    }
}
