package dev.corsagent.hooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/** One hooked method: the body passes through, the advice is put around it ({@link Weaver}). */
final class HookedMethod extends MethodVisitor {
    final String owner;
    final boolean isStatic;
    final Type[] arguments;
    final Type returned;
    final AdviceCode advice;
    final AdviceCode.Method enter;
    final AdviceCode.Method exit;
    final boolean frames;
    final ClassFiles types;
    private final int maxStack;

    /** Slots, as in {@link Weaver}'s class comment. */
    private final int base;
    private final int resultSlot;
    private final int localsStart;
    final List<String> localNames = new ArrayList<String>();
    final List<Type> localTypes = new ArrayList<Type>();
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
        super(Weaver.ASM_API, next);
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
            start.add(Weaver.frameType(argument));
        }
        initial = Weaver.padded(start, maxLocals);

        base = maxLocals;
        int slot = maxLocals;
        List<Object> shared = new ArrayList<Object>(initial);
        if (enter != null && enter.returnType.getSort() != Type.VOID) {
            resultSlot = slot++;
            shared.add(Weaver.frameType(enter.returnType));
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
                    shared.add(Weaver.frameType(param.type));
                    slot++;
                }
            }
        }
        withShared = Collections.unmodifiableList(shared);
        enterBase = slot;
        retSlot = slot;
        List<Object> exitFrame = new ArrayList<Object>(shared);
        if (returned.getSort() != Type.VOID) {
            exitFrame.add(Weaver.frameType(returned));
        }
        thrownSlot = retSlot + returned.getSize();
        if (exit != null && exit.onThrowable) {
            exitFrame.add("java/lang/Throwable");
            exitBase = thrownSlot + 1;
        } else {
            exitBase = thrownSlot;
        }
        atExit = Collections.unmodifiableList(exitFrame);
        BindingCheck.check(this, enter);
        BindingCheck.check(this, exit);
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
            Weaver.pushDefault(mv, enter.returnType);
            super.visitVarInsn(enter.returnType.getOpcode(Opcodes.ISTORE), resultSlot);
        }
        for (int i = 0; i < localNames.size(); i++) {
            Weaver.pushDefault(mv, localTypes.get(i));
            super.visitVarInsn(localTypes.get(i).getOpcode(Opcodes.ISTORE), localSlot(localNames.get(i)));
        }
        if (enter != null) {
            inline(enter, enterBase, withShared);
            if (enter.skipOnNonDefault) {
                Label proceed = new Label();
                super.visitVarInsn(enter.returnType.getOpcode(Opcodes.ILOAD), resultSlot);
                super.visitJumpInsn(enter.returnType.getSort() == Type.OBJECT || enter.returnType.getSort() == Type.ARRAY
                        ? Opcodes.IFNULL : Opcodes.IFEQ, proceed);
                Weaver.pushDefault(mv, returned);
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
                    super.visitFieldInsn(Opcodes.GETFIELD, owner, param.name, types.instanceFieldDescriptor(owner, param.name));
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
        Weaver.reader(advice.classFile).accept(new ClassVisitor(Weaver.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if (!name.equals(method.name) || !descriptor.equals(method.descriptor)) {
                    return null;
                }
                return new AdviceReplay(HookedMethod.this, target, method, base, prefix, after, adviceStart, adviceEnd, failed);
            }
        }, ClassReader.EXPAND_FRAMES | ClassReader.SKIP_DEBUG);
        // the suppressing handler: report, then go on as if the advice had returned its default
        super.visitLabel(adviceEnd);
        super.visitLabel(failed);
        frame(prefix, "java/lang/Throwable");
        super.visitLdcInsn(advice.simpleName);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, Weaver.BRIDGE, "adviceFailed", "(Ljava/lang/Throwable;Ljava/lang/String;)V", false);
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
        List<Object> locals = Weaver.padded(Arrays.asList(local).subList(0, numLocal), base);
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
                Weaver.pushDefault(mv, returned);
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
}
