package dev.corsagent.hooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Attribute;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.TypePath;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Inlines advice ({@link AdviceCode}) into the hooked methods of one class file, with ASM alone:
 * the class gains no member, so the same result serves a first load and a retransformation.
 *
 * <p>The hooked method's own locals stay where they are; everything the advice adds lives above
 * them ({@code base}, the method's {@code max_locals}):
 * <pre>
 *   base        S: the enter's result, then each @Local          (live from the start to the exit)
 *   E = S + |S| the enter advice's own locals, at their slot + E  (during the enter only)
 *   E           RET, the value being returned; then T, a throwable (from the body's end)
 *   X           the exit advice's own locals, at their slot + X
 * </pre>
 * The enter runs at the start (its parameters copied into its slots first; a return in it jumps
 * to what follows it); with {@code skipOn} a true result skips the body. Each return of the body
 * stores its value in RET and jumps to the exit, which runs once at the end; with
 * {@code onThrowable} a handler over the whole body records the throwable in T, the exit runs,
 * and T is rethrown. Each advice is wrapped in a handler that reports to
 * {@code CorsBridge.adviceFailed} and goes on as if it had returned the default value.
 *
 * <p>Frames: both the class and the advice are read with expanded frames; a frame of the body
 * gets the shared slots appended, a frame of the advice gets the method's frame at that point
 * prepended. Nothing needs the class hierarchy. This assumes, as Byte Buddy does, that the body
 * keeps each parameter's slot holding a value of the parameter's type (javac's code does). Class
 * files before Java 6 carry no frames and get none.
 */
final class Weaver {
    static final String BRIDGE = "dev/corsagent/bridge/CorsBridge";

    private Weaver() {
    }

    /**
     * The class file with each method of {@code advice} (keyed by name and descriptor) hooked.
     * Throws an {@link IllegalStateException} when an advice cannot bind to its method; nothing is
     * half done then, the caller keeps the class as it was.
     */
    static byte[] weave(byte[] classFile, final Map<String, AdviceCode> advice, final ClassFiles types) {
        final ClassReader reader = OpenedClassReader.of(classFile);
        final Map<String, int[]> maxs = maxs(reader, advice);
        // Java 6 class files may carry frames (Tomcat 7's do), older ones have none
        final boolean frames = reader.readUnsignedShort(6) >= Opcodes.V1_6;
        ClassWriter writer = new ClassWriter(reader, 0);
        final String owner = reader.getClassName();
        reader.accept(new ClassVisitor(OpenedClassReader.ASM_API, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                AdviceCode code = advice.get(name + descriptor);
                if (code == null) {
                    return next;
                }
                int[] max = maxs.get(name + descriptor);
                if (max == null) {
                    throw new IllegalStateException(name + descriptor + " has no code");
                }
                return new HookedMethod(next, owner, access, name, descriptor, code, max[0], max[1],
                        frames, types);
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /** max_stack and max_locals of each hooked method, from a first pass over the code. */
    private static Map<String, int[]> maxs(ClassReader reader, final Map<String, AdviceCode> advice) {
        final Map<String, int[]> maxs = new java.util.HashMap<String, int[]>();
        reader.accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                final String key = name + descriptor;
                if (!advice.containsKey(key)) {
                    return null;
                }
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitJumpInsn(int opcode, Label label) {
                        if (opcode == Opcodes.JSR) {
                            throw new IllegalStateException(key + " uses jsr/ret subroutines");
                        }
                    }

                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        maxs.put(key, new int[] {maxStack, maxLocals});
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return maxs;
    }

    /** A verification type of a value of {@code type}, as ASM writes frames. */
    static Object frameType(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return type.getInternalName();
        }
    }

    private static int slots(List<Object> locals) {
        int slots = 0;
        for (Object local : locals) {
            slots += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
        }
        return slots;
    }

    /** {@code locals} (frame form) padded with TOP to exactly {@code size} slots. */
    static List<Object> padded(List<Object> locals, int size) {
        List<Object> out = new ArrayList<Object>(locals);
        int slots = slots(out);
        if (slots > size) {
            throw new IllegalStateException("a frame with " + slots + " local slots where the method has " + size);
        }
        for (; slots < size; slots++) {
            out.add(Opcodes.TOP);
        }
        return out;
    }

    private static void pushDefault(MethodVisitor mv, Type type) {
        switch (type.getSort()) {
            case Type.VOID:
                return;
            case Type.LONG:
                mv.visitInsn(Opcodes.LCONST_0);
                return;
            case Type.FLOAT:
                mv.visitInsn(Opcodes.FCONST_0);
                return;
            case Type.DOUBLE:
                mv.visitInsn(Opcodes.DCONST_0);
                return;
            case Type.OBJECT:
            case Type.ARRAY:
                mv.visitInsn(Opcodes.ACONST_NULL);
                return;
            default:
                mv.visitInsn(Opcodes.ICONST_0);
        }
    }

    /** One hooked method: the body passes through, the advice is put around it. */
    private static final class HookedMethod extends MethodVisitor {
        private final String owner;
        private final boolean isStatic;
        private final Type[] arguments;
        private final Type returned;
        private final AdviceCode advice;
        private final AdviceCode.Method enter;
        private final AdviceCode.Method exit;
        private final boolean frames;
        private final ClassFiles types;
        private final int maxStack;

        /** Slots, as in the class comment. */
        private final int base;
        private final int resultSlot;
        private final int localsStart;
        private final List<String> localNames = new ArrayList<String>();
        private final List<Type> localTypes = new ArrayList<Type>();
        private final int enterBase;
        private final int retSlot;
        private final int thrownSlot;
        private final int exitBase;

        /** The method's locals at its start (frame form), padded to base; then with the shared slots; then at the exit. */
        private final List<Object> initial;
        private final List<Object> withShared;
        private final List<Object> atExit;

        private final Label bodyStart = new Label();
        private final Label bodyEnd = new Label();
        private final Label thrown = new Label();
        private final Label exitLabel = new Label();
        private boolean started;

        HookedMethod(MethodVisitor next, String owner, int access, String name, String descriptor, AdviceCode advice,
                     int maxStack, int maxLocals, boolean frames, ClassFiles types) {
            super(OpenedClassReader.ASM_API, next);
            this.owner = owner;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.arguments = Type.getArgumentTypes(descriptor);
            this.returned = Type.getReturnType(descriptor);
            this.advice = advice;
            this.enter = advice.enter;
            this.exit = advice.exit;
            this.frames = frames;
            this.types = types;
            this.maxStack = maxStack;
            List<Object> start = new ArrayList<Object>();
            if (!isStatic) {
                start.add(owner);
            }
            for (Type argument : arguments) {
                start.add(frameType(argument));
            }
            initial = padded(start, maxLocals);

            base = maxLocals;
            int slot = maxLocals;
            List<Object> shared = new ArrayList<Object>(initial);
            if (enter != null && enter.returnType.getSort() != Type.VOID) {
                resultSlot = slot++;
                shared.add(frameType(enter.returnType));
            } else {
                resultSlot = -1;
            }
            localsStart = slot;
            for (AdviceCode.Method method : Arrays.asList(enter, exit)) {
                if (method == null) {
                    continue;
                }
                for (AdviceCode.Param param : method.params) {
                    if (param.binding == AdviceCode.Binding.LOCAL && !localNames.contains(param.name)) {
                        localNames.add(param.name);
                        localTypes.add(param.type);
                        shared.add(frameType(param.type));
                        slot++;
                    }
                }
            }
            withShared = Collections.unmodifiableList(shared);
            enterBase = slot;
            retSlot = slot;
            List<Object> exitFrame = new ArrayList<Object>(shared);
            if (returned.getSort() != Type.VOID) {
                exitFrame.add(frameType(returned));
            }
            thrownSlot = retSlot + returned.getSize();
            if (exit != null && exit.onThrowable) {
                exitFrame.add("java/lang/Throwable");
                exitBase = thrownSlot + 1;
            } else {
                exitBase = thrownSlot;
            }
            atExit = Collections.unmodifiableList(exitFrame);
            check(enter);
            check(exit);
        }

        /** Each parameter binds to a value of a type the verifier will accept in its slot. */
        private void check(AdviceCode.Method method) {
            if (method == null) {
                return;
            }
            if (method == exit && enter != null && enter.returnType.getSort() == Type.VOID) {
                for (AdviceCode.Param param : method.params) {
                    if (param.binding == AdviceCode.Binding.ENTER) {
                        throw new IllegalStateException(advice.simpleName + ": @Enter with a void enter method");
                    }
                }
            }
            for (AdviceCode.Param param : method.params) {
                Type bound;
                switch (param.binding) {
                    case ARGUMENT:
                        if (param.index < 0 || param.index >= arguments.length) {
                            throw new IllegalStateException(advice.simpleName + ": no argument " + param.index);
                        }
                        bound = arguments[param.index];
                        break;
                    case THIS:
                        if (isStatic) {
                            throw new IllegalStateException(advice.simpleName + ": @This in a static method");
                        }
                        bound = Type.getObjectType(owner);
                        break;
                    case FIELD:
                        String field = isStatic ? null : types.fieldDescriptor(owner, param.name);
                        if (field == null) {
                            throw new IllegalStateException(advice.simpleName + ": " + owner + " has no field " + param.name);
                        }
                        bound = Type.getType(field);
                        break;
                    case ENTER:
                        if (method != exit || enter == null) {
                            throw new IllegalStateException(advice.simpleName + ": @Enter outside an exit advice");
                        }
                        bound = enter.returnType;
                        break;
                    case RETURN:
                        if (method != exit) {
                            throw new IllegalStateException(advice.simpleName + ": @Return outside an exit advice");
                        }
                        bound = returned;
                        if (returned.getSort() == Type.VOID) {
                            throw new IllegalStateException(advice.simpleName + ": @Return on a void method");
                        }
                        break;
                    default: // LOCAL: its own type
                        bound = localTypes.get(localNames.indexOf(param.name));
                }
                if (!assignable(bound, param.type)) {
                    throw new IllegalStateException(advice.simpleName + "." + method.name + ": a " + bound.getClassName()
                            + " cannot bind to a parameter of type " + param.type.getClassName());
                }
                if (param.writable && param.binding != AdviceCode.Binding.LOCAL && !assignable(param.type, bound)) {
                    throw new IllegalStateException(advice.simpleName + "." + method.name + ": a written " + param.type.getClassName()
                            + " is not a " + bound.getClassName());
                }
            }
        }

        private boolean assignable(Type from, Type to) {
            boolean fromReference = from.getSort() == Type.OBJECT || from.getSort() == Type.ARRAY;
            boolean toReference = to.getSort() == Type.OBJECT || to.getSort() == Type.ARRAY;
            if (!fromReference || !toReference) {
                return from.equals(to) || frameType(from).equals(frameType(to)) && from.getSort() != Type.BOOLEAN
                        && to.getSort() != Type.BOOLEAN || from.getSort() == Type.BOOLEAN && to.getSort() == Type.BOOLEAN;
            }
            return types.isAssignable(from.getInternalName(), to.getInternalName());
        }

        private void frame(List<Object> locals, Object... stack) {
            if (frames) {
                super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), stack.length, stack);
            }
        }

        private int argumentSlot(int index) {
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < index; i++) {
                slot += arguments[i].getSize();
            }
            return slot;
        }

        private int localSlot(String name) {
            return localsStart + localNames.indexOf(name);
        }

        /** Before the body's first instruction (after its exception table, so the handler over it comes last). */
        private void start() {
            if (started) {
                return;
            }
            started = true;
            if (exit != null && exit.onThrowable) {
                super.visitTryCatchBlock(bodyStart, bodyEnd, thrown, "java/lang/Throwable");
            }
            if (resultSlot >= 0) {
                pushDefault(mv, enter.returnType);
                super.visitVarInsn(enter.returnType.getOpcode(Opcodes.ISTORE), resultSlot);
            }
            for (int i = 0; i < localNames.size(); i++) {
                pushDefault(mv, localTypes.get(i));
                super.visitVarInsn(localTypes.get(i).getOpcode(Opcodes.ISTORE), localSlot(localNames.get(i)));
            }
            if (enter != null) {
                inline(enter, enterBase, withShared);
                if (enter.skipOnNonDefault) {
                    Label proceed = new Label();
                    super.visitVarInsn(enter.returnType.getOpcode(Opcodes.ILOAD), resultSlot);
                    super.visitJumpInsn(enter.returnType.getSort() == Type.OBJECT || enter.returnType.getSort() == Type.ARRAY
                            ? Opcodes.IFNULL : Opcodes.IFEQ, proceed);
                    pushDefault(mv, returned);
                    leaveBody();
                    super.visitLabel(proceed);
                    frame(withShared);
                }
            }
            super.visitInsn(Opcodes.NOP); // a frame of the body at its first instruction must not share our last one's offset
            super.visitLabel(bodyStart);
        }

        /** The value to return is on the stack: straight out without an exit advice, else to the exit. */
        private void leaveBody() {
            if (exit == null) {
                super.visitInsn(returned.getOpcode(Opcodes.IRETURN));
                return;
            }
            if (returned.getSort() != Type.VOID) {
                super.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), retSlot);
            }
            if (exit.onThrowable) {
                super.visitInsn(Opcodes.ACONST_NULL);
                super.visitVarInsn(Opcodes.ASTORE, thrownSlot);
            }
            super.visitJumpInsn(Opcodes.GOTO, exitLabel);
        }

        /** Copies the advice's parameters into its slots (at {@code base}), then replays its code there. */
        private void inline(final AdviceCode.Method method, final int base, final List<Object> prefix) {
            for (AdviceCode.Param param : method.params) {
                switch (param.binding) {
                    case ARGUMENT:
                        super.visitVarInsn(arguments[param.index].getOpcode(Opcodes.ILOAD), argumentSlot(param.index));
                        break;
                    case THIS:
                        super.visitVarInsn(Opcodes.ALOAD, 0);
                        break;
                    case FIELD:
                        super.visitVarInsn(Opcodes.ALOAD, 0);
                        super.visitFieldInsn(Opcodes.GETFIELD, owner, param.name, types.fieldDescriptor(owner, param.name));
                        break;
                    case ENTER:
                        super.visitVarInsn(enter.returnType.getOpcode(Opcodes.ILOAD), resultSlot);
                        break;
                    case LOCAL:
                        super.visitVarInsn(param.type.getOpcode(Opcodes.ILOAD), localSlot(param.name));
                        break;
                    default: // RETURN
                        super.visitVarInsn(returned.getOpcode(Opcodes.ILOAD), retSlot);
                }
                super.visitVarInsn(param.type.getOpcode(Opcodes.ISTORE), base + param.slot);
            }
            final Label after = new Label();
            final Label adviceStart = new Label();
            final Label adviceEnd = new Label();
            final Label failed = new Label();
            final MethodVisitor target = mv;
            OpenedClassReader.of(advice.classFile).accept(new ClassVisitor(OpenedClassReader.ASM_API) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    if (!name.equals(method.name) || !descriptor.equals(method.descriptor)) {
                        return null;
                    }
                    return new AdviceReplay(target, method, base, prefix, after, adviceStart, adviceEnd, failed);
                }
            }, ClassReader.EXPAND_FRAMES | ClassReader.SKIP_DEBUG);
            // the suppressing handler: report, then go on as if the advice had returned its default
            super.visitLabel(adviceEnd);
            super.visitLabel(failed);
            frame(prefix, "java/lang/Throwable");
            super.visitLdcInsn(advice.simpleName);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "adviceFailed", "(Ljava/lang/Throwable;Ljava/lang/String;)V", false);
            super.visitLabel(after);
            frame(prefix);
        }

        /** What the advice does when it returns normally: keep its result and what it wrote, then go on. */
        void adviceReturned(AdviceCode.Method method, int base, Label after) {
            if (method == enter && resultSlot >= 0) {
                super.visitVarInsn(enter.returnType.getOpcode(Opcodes.ISTORE), resultSlot);
            }
            for (AdviceCode.Param param : method.params) {
                if (!param.writable) {
                    continue;
                }
                super.visitVarInsn(param.type.getOpcode(Opcodes.ILOAD), base + param.slot);
                if (param.binding == AdviceCode.Binding.LOCAL) {
                    super.visitVarInsn(param.type.getOpcode(Opcodes.ISTORE), localSlot(param.name));
                } else { // RETURN
                    super.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), retSlot);
                }
            }
            super.visitJumpInsn(Opcodes.GOTO, after);
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            start();
            if (!frames) {
                return;
            }
            if (type != Opcodes.F_NEW) {
                throw new IllegalStateException("a compressed frame where frames were expanded");
            }
            if (exit == null && localNames.isEmpty()) {
                super.visitFrame(type, numLocal, local, numStack, stack);
                return;
            }
            // the shared slots stay live through the body: every frame of it declares them
            List<Object> locals = padded(Arrays.asList(local).subList(0, numLocal), base);
            locals.addAll(withShared.subList(initial.size(), withShared.size()));
            super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), numStack, stack);
        }

        @Override
        public void visitInsn(int opcode) {
            start();
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN && exit != null) {
                leaveBody();
                return;
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            start();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            start();
            super.visitVarInsn(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            start();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
            start();
            super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
            start();
            super.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            start();
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            start();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLabel(Label label) {
            start();
            super.visitLabel(label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            start();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            start();
            super.visitIincInsn(var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            start();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            start();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            start();
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }

        @Override
        public void visitLineNumber(int line, Label label) {
            start();
            super.visitLineNumber(line, label);
        }

        @Override
        public void visitMaxs(int ignoredStack, int ignoredLocals) {
            start();
            if (exit != null) {
                super.visitLabel(bodyEnd);
                if (exit.onThrowable) {
                    super.visitLabel(thrown);
                    frame(withShared, "java/lang/Throwable");
                    super.visitVarInsn(Opcodes.ASTORE, thrownSlot);
                    pushDefault(mv, returned);
                    if (returned.getSort() != Type.VOID) {
                        super.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), retSlot);
                    }
                }
                super.visitLabel(exitLabel);
                frame(atExit);
                super.visitInsn(Opcodes.NOP);
                inline(exit, exitBase, atExit);
                if (exit.onThrowable) {
                    Label normal = new Label();
                    super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
                    super.visitJumpInsn(Opcodes.IFNULL, normal);
                    super.visitVarInsn(Opcodes.ALOAD, thrownSlot);
                    super.visitInsn(Opcodes.ATHROW);
                    super.visitLabel(normal);
                    frame(atExit);
                }
                if (returned.getSort() != Type.VOID) {
                    super.visitVarInsn(returned.getOpcode(Opcodes.ILOAD), retSlot);
                }
                super.visitInsn(returned.getOpcode(Opcodes.IRETURN));
            }
            int locals = Math.max(enterBase + (enter == null ? 0 : enter.maxLocals), exitBase + (exit == null ? 0 : exit.maxLocals));
            int stack = Math.max(maxStack, Math.max(enter == null ? 0 : enter.maxStack, exit == null ? 0 : exit.maxStack));
            super.visitMaxs(Math.max(stack, 4), locals);
        }

        /**
         * The advice method's code, replayed into the hooked method (straight to the writer, past
         * this method's own rewriting): each local moved up by {@code offset}, each return turned
         * into a jump to {@code after}, each frame prefixed with the hooked method's locals at that
         * point, the whole wrapped in the suppressing handler. Line numbers and local names are left out.
         */
        private final class AdviceReplay extends MethodVisitor {
            private final AdviceCode.Method method;
            private final int offset;
            private final List<Object> prefix;
            private final Label after;
            private final Label start;
            private final Label end;
            private final Label failed;
            private boolean begun;

            AdviceReplay(MethodVisitor target, AdviceCode.Method method, int offset, List<Object> prefix, Label after,
                         Label start, Label end, Label failed) {
                super(OpenedClassReader.ASM_API, target);
                this.method = method;
                this.offset = offset;
                this.prefix = prefix;
                this.after = after;
                this.start = start;
                this.end = end;
                this.failed = failed;
            }

            /** After the advice's own exception table: the suppressing handler comes after its handlers. */
            private void begin() {
                if (!begun) {
                    begun = true;
                    mv.visitTryCatchBlock(start, end, failed, "java/lang/Throwable");
                    mv.visitLabel(start);
                }
            }

            @Override
            public void visitCode() {
                // the hooked method's code is already open
            }

            @Override
            public void visitTryCatchBlock(Label tryStart, Label tryEnd, Label handler, String type) {
                mv.visitTryCatchBlock(tryStart, tryEnd, handler, type);
            }

            @Override
            public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
                begin();
                if (!frames) {
                    return;
                }
                if (type != Opcodes.F_NEW) {
                    throw new IllegalStateException("a compressed frame where frames were expanded");
                }
                List<Object> locals = new ArrayList<Object>(prefix);
                locals.addAll(Arrays.asList(local).subList(0, numLocal));
                mv.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), numStack, stack);
            }

            @Override
            public void visitInsn(int opcode) {
                begin();
                if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                    adviceReturned(method, offset, after);
                } else {
                    mv.visitInsn(opcode);
                }
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                begin();
                mv.visitIntInsn(opcode, operand);
            }

            @Override
            public void visitVarInsn(int opcode, int var) {
                begin();
                if (opcode == Opcodes.RET) {
                    throw new IllegalStateException("advice with a subroutine");
                }
                mv.visitVarInsn(opcode, var + offset);
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                begin();
                mv.visitTypeInsn(opcode, type);
            }

            @Override
            public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
                begin();
                mv.visitFieldInsn(opcode, fieldOwner, name, descriptor);
            }

            @Override
            public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
                begin();
                mv.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... bootstrapArguments) {
                throw new IllegalStateException("advice with invokedynamic (a lambda or a string concatenation)");
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                begin();
                if (opcode == Opcodes.JSR) {
                    throw new IllegalStateException("advice with a subroutine");
                }
                mv.visitJumpInsn(opcode, label);
            }

            @Override
            public void visitLabel(Label label) {
                begin();
                mv.visitLabel(label);
            }

            @Override
            public void visitLdcInsn(Object value) {
                begin();
                mv.visitLdcInsn(value);
            }

            @Override
            public void visitIincInsn(int var, int increment) {
                begin();
                mv.visitIincInsn(var + offset, increment);
            }

            @Override
            public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                begin();
                mv.visitTableSwitchInsn(min, max, dflt, labels);
            }

            @Override
            public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                begin();
                mv.visitLookupSwitchInsn(dflt, keys, labels);
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
                begin();
                mv.visitMultiANewArrayInsn(descriptor, numDimensions);
            }

            @Override
            public void visitLineNumber(int line, Label label) {
            }

            @Override
            public void visitLocalVariable(String name, String descriptor, String signature, Label from, Label to, int index) {
            }

            @Override
            public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] from, Label[] to,
                                                                  int[] index, String descriptor, boolean visible) {
                return null;
            }

            @Override
            public AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
                return null;
            }

            @Override
            public AnnotationVisitor visitTryCatchAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
                return null;
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                begin();
            }

            @Override
            public void visitEnd() {
            }

            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                return null;
            }

            @Override
            public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
                return null;
            }

            @Override
            public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
                return null;
            }

            @Override
            public AnnotationVisitor visitAnnotationDefault() {
                return null;
            }

            @Override
            public void visitAnnotableParameterCount(int parameterCount, boolean visible) {
            }

            @Override
            public void visitParameter(String name, int access) {
            }

            @Override
            public void visitAttribute(Attribute attribute) {
            }
        }
    }
}
