package dev.corsagent.hooks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Type;

/**
 * Whether an advice links where it would be inlined: every type, method and field its code uses
 * must resolve from the hooked class's own loader, and the boot-loader bridge must be visible
 * there (JBoss Modules and OSGi loaders do not delegate to the boot loader by default). A hook
 * that does not link is not applied: inlined code that cannot link throws
 * {@code NoClassDefFoundError} or {@code NoSuchMethodError} into the container, and the advice's
 * own exception handler, which calls the bridge, cannot catch that.
 *
 * <p>Container types are described from the loader's class files ({@link ClassFiles}); nothing of
 * the container is loaded. Only the bridge classes are looked up with
 * {@code Class.forName}: they are defined without a class file resource, so no resource lookup
 * can find them.
 */
final class LinkCheck {
    private static final String BRIDGE_PACKAGE = "dev/corsagent/bridge/";

    /** What an advice class's code refers to, read once from its class file. */
    static final class References {
        final Set<String> types = new LinkedHashSet<String>();
        /** owner, name, descriptor; a method. */
        final List<String[]> methods = new ArrayList<String[]>();
        /** owner, name, descriptor; a field. */
        final List<String[]> fields = new ArrayList<String[]>();
    }

    private final ClassLoader agentLoader;
    private final Map<String, References> references = new ConcurrentHashMap<String, References>();
    private final Map<ClassLoader, Map<String, Boolean>> seesBridge = new WeakHashMap<ClassLoader, Map<String, Boolean>>();

    LinkCheck(ClassLoader agentLoader) {
        this.agentLoader = agentLoader;
    }

    /**
     * Null when {@code adviceClass} links in {@code loader}, whose classes {@code types} describes
     * (with no fallback to the agent's own classes); otherwise why not, for the log.
     */
    String problem(String adviceClass, ClassLoader loader, ClassFiles types) {
        try {
            return firstProblem(referencesOf(adviceClass), loader, types);
        } catch (Throwable t) {
            // a supertype the loader cannot provide, an unreadable class file: it does not link
            return "cannot describe what it uses: " + t;
        }
    }

    private String firstProblem(References used, ClassLoader loader, ClassFiles types) {
        for (String type : used.types) {
            if (!type.startsWith(BRIDGE_PACKAGE) && !isPlatform(type) && !types.exists(type)) {
                return "its class loader cannot see " + type.replace('/', '.');
            }
        }
        for (String type : used.types) {
            if (type.startsWith(BRIDGE_PACKAGE) && !seesBridgeClass(loader, type.replace('/', '.'))) {
                return "its class loader cannot see the agent's bridge (" + type.replace('/', '.') + " on the boot class path;"
                        + " a JBoss Modules or OSGi loader needs dev.corsagent.bridge in jboss.modules.system.pkgs or"
                        + " org.osgi.framework.bootdelegation before the server starts)";
            }
        }
        for (String[] method : used.methods) {
            if (!isChecked(method[0])) {
                continue;
            }
            if (!types.hasMethod(method[0], method[1], method[2])) {
                return method[0].replace('/', '.') + " has no method " + method[1] + method[2];
            }
        }
        for (String[] field : used.fields) {
            if (!isChecked(field[0])) {
                continue;
            }
            if (!field[2].equals(types.fieldDescriptor(field[0], field[1]))) {
                return field[0].replace('/', '.') + " has no field " + field[1] + " " + field[2];
            }
        }
        return null;
    }

    /** Types of the JDK: present wherever the agent runs (its classes target Java 8's API). */
    private static boolean isPlatform(String internalName) {
        return internalName.startsWith("java/");
    }

    /** Members resolved through the loader's class files: not the JDK's, not the bridge's (checked as one, by visibility). */
    private static boolean isChecked(String owner) {
        return !isPlatform(owner) && !owner.startsWith(BRIDGE_PACKAGE) && !owner.startsWith("[");
    }

    /**
     * Every bridge class the advice uses, asked of the loader itself. Each one, not only
     * {@code CorsBridge}: a successful lookup records the loader as an initiating loader of that
     * class, which it then answers from {@code findLoadedClass}. A lookup from the agent can succeed
     * where the hooked class's own would not (Felix delegates to the parent loader when the caller is
     * not a bundle class), and after it the hooked class's lookup of the same class succeeds too; a
     * bridge class not asked for here could still fail there.
     */
    private boolean seesBridgeClass(ClassLoader loader, String className) {
        Map<String, Boolean> known;
        synchronized (seesBridge) {
            known = seesBridge.get(loader);
            if (known == null) {
                known = new ConcurrentHashMap<String, Boolean>();
                seesBridge.put(loader, known);
            }
        }
        Boolean sees = known.get(className);
        if (sees == null) {
            try {
                sees = Class.forName(className, false, loader) == Class.forName(className, false, LinkCheck.class.getClassLoader());
            } catch (Throwable notVisible) {
                sees = false;
            }
            known.put(className, sees);
        }
        return sees;
    }

    References referencesOf(String adviceClass) throws java.io.IOException {
        References known = references.get(adviceClass);
        if (known == null) {
            byte[] classFile = ClassFiles.classFile(agentLoader, adviceClass.replace('.', '/'));
            if (classFile == null) {
                throw new java.io.IOException("the agent jar has no class file for " + adviceClass);
            }
            known = read(classFile);
            references.put(adviceClass, known);
        }
        return known;
    }

    /**
     * What the code of the advice methods refers to, descriptors included. The constructor is left
     * out: advice is never instantiated, only its static methods' code is inlined.
     */
    static References read(byte[] classFile) {
        final References refs = new References();
        ClassReader reader = Weaver.reader(classFile);
        reader.accept(new ClassVisitor(Weaver.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if (name.equals("<init>") || name.equals("<clinit>")) {
                    return null;
                }
                addDescriptor(refs, descriptor);
                return new MethodVisitor(Weaver.ASM_API) {
                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        addType(refs, type);
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String fieldName, String fieldDescriptor) {
                        addType(refs, owner);
                        addType(refs, Type.getType(fieldDescriptor));
                        refs.fields.add(new String[] {owner, fieldName, fieldDescriptor});
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String methodName, String methodDescriptor,
                                                boolean isInterface) {
                        addType(refs, owner);
                        addDescriptor(refs, methodDescriptor);
                        refs.methods.add(new String[] {owner, methodName, methodDescriptor});
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof Type) {
                            addType(refs, (Type) value);
                        }
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                                                       Object... arguments) {
                        addDescriptor(refs, indyDescriptor);
                    }

                    @Override
                    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                        if (type != null) {
                            addType(refs, type);
                        }
                    }

                    @Override
                    public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
                        addType(refs, Type.getType(arrayDescriptor));
                    }

                    @Override
                    public void visitLocalVariable(String localName, String localDescriptor, String localSignature,
                                                   Label start, Label end, int index) {
                        addType(refs, Type.getType(localDescriptor));
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return refs;
    }

    private static void addDescriptor(References refs, String methodDescriptor) {
        Type method = Type.getMethodType(methodDescriptor);
        addType(refs, method.getReturnType());
        for (Type argument : method.getArgumentTypes()) {
            addType(refs, argument);
        }
    }

    private static void addType(References refs, Type type) {
        Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
        if (element.getSort() == Type.OBJECT) {
            refs.types.add(element.getInternalName());
        }
    }

    /** An internal name or, for arrays, a descriptor (as type instructions give them). */
    private static void addType(References refs, String internalNameOrDescriptor) {
        addType(refs, internalNameOrDescriptor.startsWith("[") ? Type.getType(internalNameOrDescriptor)
                : Type.getObjectType(internalNameOrDescriptor));
    }
}
