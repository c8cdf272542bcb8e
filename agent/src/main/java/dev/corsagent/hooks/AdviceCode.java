package dev.corsagent.hooks;

import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * An advice class as {@link Weaver} inlines it, read from its class file once: its enter and exit
 * methods, and for each parameter what it is bound to. The advice sources keep Byte Buddy's
 * {@code @Advice} annotations as their notation (only the annotations are read, by name; Byte
 * Buddy's advice machinery is never loaded); this class accepts the subset the agent's advice
 * uses and refuses anything else, so an advice outside it fails its unit test, not a container.
 */
final class AdviceCode {
    enum Binding { ARGUMENT, THIS, FIELD, ENTER, LOCAL, RETURN }

    /** What one advice parameter is bound to: an argument by index, a field or a local by name. */
    static final class Param {
        Binding binding;
        int index = -1;
        String name;
        boolean writable;
        Type type;
        /** Its slot among the advice method's locals. */
        int slot;
    }

    /** The enter or the exit method. */
    static final class Method {
        final String name;
        final String descriptor;
        final Type returnType;
        final List<Param> params = new ArrayList<Param>();
        /** Enter: skip the hooked method's body when the returned value is not the default (true, non-null). */
        boolean skipOnNonDefault;
        /** Exit: also run when the body throws (the throwable is rethrown after). */
        boolean onThrowable;
        int maxLocals;
        int maxStack;

        Method(String name, String descriptor) {
            this.name = name;
            this.descriptor = descriptor;
            this.returnType = Type.getReturnType(descriptor);
        }

        Param local(String localName) {
            for (Param param : params) {
                if (param.binding == Binding.LOCAL && param.name.equals(localName)) {
                    return param;
                }
            }
            return null;
        }
    }

    /** Binary name of the advice class, and its simple name for {@code CorsBridge.adviceFailed}. */
    final String className;
    final String simpleName;
    final byte[] classFile;
    final Method enter;
    final Method exit;

    private AdviceCode(String className, byte[] classFile, Method enter, Method exit) {
        this.className = className;
        this.simpleName = className.substring(className.lastIndexOf('.') + 1);
        this.classFile = classFile;
        this.enter = enter;
        this.exit = exit;
    }

    static AdviceCode read(String className, byte[] classFile) {
        final Method[] found = new Method[2];
        Weaver.reader(classFile).accept(new ClassVisitor(Weaver.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if ((access & Opcodes.ACC_STATIC) == 0) {
                    return null;
                }
                final Method method = new Method(name, descriptor);
                Type[] arguments = Type.getArgumentTypes(descriptor);
                int slot = 0;
                for (Type argument : arguments) {
                    Param param = new Param();
                    param.type = argument;
                    param.slot = slot;
                    slot += argument.getSize();
                    method.params.add(param);
                }
                return new MethodVisitor(Weaver.ASM_API) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        final int kind = annotation.endsWith("/asm/Advice$OnMethodEnter;") ? 0
                                : annotation.endsWith("/asm/Advice$OnMethodExit;") ? 1 : -1;
                        if (kind < 0) {
                            return null;
                        }
                        if (found[kind] != null) {
                            throw new IllegalStateException("two " + (kind == 0 ? "enter" : "exit") + " methods");
                        }
                        found[kind] = method;
                        return new AnnotationVisitor(Weaver.ASM_API) {
                            @Override
                            public void visit(String key, Object value) {
                                String type = value instanceof Type ? ((Type) value).getDescriptor() : "";
                                if (key.equals("skipOn")) {
                                    if (!type.endsWith("/asm/Advice$OnNonDefaultValue;")) {
                                        throw new IllegalStateException("unsupported skipOn " + type);
                                    }
                                    method.skipOnNonDefault = true;
                                } else if (key.equals("onThrowable")) {
                                    if (!type.equals("Ljava/lang/Throwable;")) {
                                        throw new IllegalStateException("unsupported onThrowable " + type);
                                    }
                                    method.onThrowable = true;
                                } else if (!key.equals("suppress")) {
                                    throw new IllegalStateException("unsupported advice setting " + key);
                                }
                            }
                        };
                    }

                    @Override
                    public AnnotationVisitor visitParameterAnnotation(int parameter, String annotation, boolean visible) {
                        final Param param = method.params.get(parameter);
                        param.binding = annotation.endsWith("/asm/Advice$Argument;") ? Binding.ARGUMENT
                                : annotation.endsWith("/asm/Advice$This;") ? Binding.THIS
                                : annotation.endsWith("/asm/Advice$FieldValue;") ? Binding.FIELD
                                : annotation.endsWith("/asm/Advice$Enter;") ? Binding.ENTER
                                : annotation.endsWith("/asm/Advice$Local;") ? Binding.LOCAL
                                : annotation.endsWith("/asm/Advice$Return;") ? Binding.RETURN : null;
                        if (param.binding == null) {
                            throw new IllegalStateException("unsupported parameter annotation " + annotation);
                        }
                        // a local is shared by enter and exit, so both may write it
                        param.writable = param.binding == Binding.LOCAL;
                        return new AnnotationVisitor(Weaver.ASM_API) {
                            @Override
                            public void visit(String key, Object value) {
                                if (key.equals("value") && value instanceof Integer) {
                                    param.index = (Integer) value;
                                } else if (key.equals("value") && value instanceof String) {
                                    param.name = (String) value;
                                } else if (key.equals("readOnly") && Boolean.FALSE.equals(value) && param.binding == Binding.RETURN) {
                                    param.writable = true;
                                } else {
                                    throw new IllegalStateException("unsupported parameter setting " + key + "=" + value);
                                }
                            }
                        };
                    }

                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        method.maxStack = maxStack;
                        method.maxLocals = maxLocals;
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        for (Method method : found) {
            if (method == null) {
                continue;
            }
            for (Param param : method.params) {
                if (param.binding == null) {
                    throw new IllegalStateException(className + "." + method.name + ": a parameter without a binding");
                }
                if (param.type.getSize() != 1 && param.binding != Binding.ARGUMENT && param.binding != Binding.RETURN) {
                    throw new IllegalStateException(className + "." + method.name + ": a long or double " + param.binding);
                }
            }
        }
        if (found[0] != null && found[0].skipOnNonDefault && (found[0].returnType.getSort() == Type.VOID
                || found[0].returnType.getSort() == Type.FLOAT)) {
            throw new IllegalStateException(className + ": skipOn on an enter advice returning "
                    + found[0].returnType.getClassName());
        }
        if (found[0] != null && found[0].returnType.getSize() == 2) {
            throw new IllegalStateException(className + ": an enter advice returning a long or double");
        }
        if (found[1] != null && found[1].returnType.getSort() != Type.VOID) {
            throw new IllegalStateException(className + ": an exit advice returning a value (write @Return instead)");
        }
        if (found[0] == null && found[1] == null) {
            throw new IllegalStateException(className + " has no advice method");
        }
        return new AdviceCode(className, classFile, found[0], found[1]);
    }
}
