package dev.vigil.policy.expr;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Emits one hidden class implementing {@link Condition} for a checked expression, with ASM.
 *
 * <p>Layout: {@code test} calls a static {@code eval(Bindings)}; every {@code &&}/{@code ||} chain
 * with an operand that can fail gets its own static method, because absorbing an operand's error
 * (CEL's {@code false && error == false}) needs a try/catch, and a handler can only be entered
 * with an empty operand stack. All methods keep the bindings in local 0, so there is no other
 * state: the class has no fields and is safe for any number of threads.
 *
 * <p>Constants that the constant pool cannot hold (lists, boxed values, regexes, CIDRs, zones) are
 * passed as class data and loaded with {@code ldc} of a dynamic constant bootstrapped by
 * {@link MethodHandles#classDataAt}, which the JIT treats as a true constant.
 */
final class CodeGenerator {

  private static final String CLASS_NAME = "dev/vigil/policy/expr/GeneratedCondition";
  private static final String RUNTIME = "dev/vigil/policy/expr/ConditionRuntime";
  /** Where {@link Ir.Call} helpers live; a helper's name and parameter types pick its class. */
  private static final List<Class<?>> HELPER_CLASSES = List.of(ConditionRuntime.class,
      Comparisons.class, Arithmetic.class, Conversions.class);
  private static final String BINDINGS = "dev/vigil/policy/expr/Bindings";
  private static final String EVAL_DESC = "(L" + BINDINGS + ";)Z";
  private static final Handle CLASS_DATA_AT = new Handle(H_INVOKESTATIC,
      "java/lang/invoke/MethodHandles", "classDataAt",
      "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)"
          + "Ljava/lang/Object;", false);

  /** A logic chain waiting to be emitted as its own method. */
  private record Pending(String name, Ir.Logic logic) {}

  private final ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
    @Override
    protected String getCommonSuperClass(String type1, String type2) {
      // The default loads classes (and cannot see the hidden class); merged values are only
      // ever passed on as Object or as an interface type, so Object is always a valid answer.
      return "java/lang/Object";
    }
  };
  private final List<Object> classData = new ArrayList<>();
  private final Deque<Pending> pending = new ArrayDeque<>();
  private int methods;

  private CodeGenerator() {}

  /** Generates, defines and instantiates the condition class. */
  static Condition generate(String source, Ir root, MethodHandles.Lookup lookup) {
    CodeGenerator g = new CodeGenerator();
    byte[] bytes = g.emitClass(source, root);
    try {
      MethodHandles.Lookup hidden =
          lookup.defineHiddenClassWithClassData(bytes, List.copyOf(g.classData), true);
      MethodHandle ctor = hidden.findConstructor(hidden.lookupClass(),
          MethodType.methodType(void.class));
      return (Condition) ctor.invoke();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot define the condition class", e);
    }
  }

  private byte[] emitClass(String source, Ir root) {
    cw.visit(V17, ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC, CLASS_NAME, null, "java/lang/Object",
        new String[] {"dev/vigil/policy/expr/Condition"});

    MethodVisitor init = cw.visitMethod(ACC_PRIVATE, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(ALOAD, 0);
    init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();

    MethodVisitor test = cw.visitMethod(ACC_PUBLIC, "test", EVAL_DESC, null, null);
    test.visitCode();
    test.visitVarInsn(ALOAD, 1);
    test.visitMethodInsn(INVOKESTATIC, CLASS_NAME, "eval", EVAL_DESC, false);
    test.visitInsn(IRETURN);
    test.visitMaxs(0, 0);
    test.visitEnd();

    MethodVisitor str = cw.visitMethod(ACC_PUBLIC, "toString", "()Ljava/lang/String;", null, null);
    str.visitCode();
    str.visitLdcInsn(source);
    str.visitInsn(ARETURN);
    str.visitMaxs(0, 0);
    str.visitEnd();

    MethodVisitor eval = cw.visitMethod(ACC_PRIVATE | ACC_STATIC, "eval", EVAL_DESC, null, null);
    eval.visitCode();
    emit(root, eval);
    eval.visitInsn(IRETURN);
    eval.visitMaxs(0, 0);
    eval.visitEnd();

    while (!pending.isEmpty()) {
      Pending p = pending.poll();
      emitLogicMethod(p.name(), p.logic());
    }
    cw.visitEnd();
    return cw.toByteArray();
  }

  private void emit(Ir ir, MethodVisitor mv) {
    if (ir instanceof Ir.Const c) {
      constant(c, mv);
    } else if (ir instanceof Ir.Read r) {
      read(r, mv);
    } else if (ir instanceof Ir.ReadKey r) {
      mv.visitVarInsn(ALOAD, 0);
      emit(r.key(), mv);
      String helper = r.source() == Ir.Source.REQUEST_ATTR ? "requestAttr" : "subjectField";
      mv.visitMethodInsn(INVOKESTATIC, RUNTIME, helper,
          "(L" + BINDINGS + ";Ljava/lang/String;)Ljava/lang/Object;", false);
    } else if (ir instanceof Ir.Call c) {
      call(c, mv);
    } else if (ir instanceof Ir.Compare c) {
      compare(c, mv);
    } else if (ir instanceof Ir.Not n) {
      emit(n.operand(), mv);
      mv.visitInsn(ICONST_1);
      mv.visitInsn(IXOR);
    } else if (ir instanceof Ir.Logic l) {
      logic(l, mv);
    } else if (ir instanceof Ir.Cond c) {
      Label otherwise = new Label();
      Label end = new Label();
      emit(c.cond(), mv);
      mv.visitJumpInsn(IFEQ, otherwise);
      emit(c.then(), mv);
      mv.visitJumpInsn(GOTO, end);
      mv.visitLabel(otherwise);
      emit(c.otherwise(), mv);
      mv.visitLabel(end);
    } else if (ir instanceof Ir.ListOf l) {
      pushInt(l.elements().size(), mv);
      mv.visitTypeInsn(ANEWARRAY, "java/lang/Object");
      for (int i = 0; i < l.elements().size(); i++) {
        mv.visitInsn(DUP);
        pushInt(i, mv);
        emit(l.elements().get(i), mv);
        mv.visitInsn(AASTORE);
      }
      mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "listOf", "([Ljava/lang/Object;)Ljava/util/List;",
          false);
    } else if (ir instanceof Ir.Retype r) {
      emit(r.operand(), mv);
    } else {
      throw new IllegalStateException("unknown node " + ir);
    }
  }

  private void constant(Ir.Const c, MethodVisitor mv) {
    Object v = c.value();
    switch (c.type().kind) {
      case BOOL:
        mv.visitInsn((Boolean) v ? ICONST_1 : ICONST_0);
        return;
      case INT: case TIMESTAMP: case DURATION: {
        long l = (Long) v;
        if (l == 0 || l == 1) {
          mv.visitInsn(l == 0 ? LCONST_0 : LCONST_1);
        } else {
          mv.visitLdcInsn(l);
        }
        return;
      }
      case DOUBLE:
        mv.visitLdcInsn((Double) v);
        return;
      case I32:
        pushInt((Integer) v, mv);
        return;
      case STRING:
        mv.visitLdcInsn(v);
        return;
      default:
        if (v == null) {
          mv.visitInsn(ACONST_NULL);
        } else if (v instanceof String) {
          mv.visitLdcInsn(v);
        } else {
          int index = classData.size();
          classData.add(v);
          mv.visitLdcInsn(new ConstantDynamic("_", c.type().descriptor(), CLASS_DATA_AT,
              index));
        }
    }
  }

  private static void pushInt(int v, MethodVisitor mv) {
    if (v >= -1 && v <= 5) {
      mv.visitInsn(ICONST_0 + v);
    } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      mv.visitIntInsn(BIPUSH, v);
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      mv.visitIntInsn(SIPUSH, v);
    } else {
      mv.visitLdcInsn(v);
    }
  }

  private static void read(Ir.Read r, MethodVisitor mv) {
    mv.visitVarInsn(ALOAD, 0);
    String b = "(L" + BINDINGS + ";";
    switch (r.source()) {
      case SUBJECT_ID:
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "subjectId", b + ")Ljava/lang/String;", false);
        return;
      case SUBJECT_HAS_ID:
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "subjectHasId", b + ")Z", false);
        return;
      case SUBJECT_ROLES:
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "subjectRoles", b + ")Ljava/util/List;", false);
        return;
      case SUBJECT_GROUPS:
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "subjectGroups", b + ")Ljava/util/List;", false);
        return;
      case SUBJECT_ATTR:
        mv.visitLdcInsn(r.name());
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "subjectAttr",
            b + "Ljava/lang/String;)Ljava/lang/Object;", false);
        return;
      case SUBJECT_HAS:
        mv.visitLdcInsn(r.name());
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "subjectHas", b + "Ljava/lang/String;)Z", false);
        return;
      case REQUEST_ATTR:
        mv.visitLdcInsn(r.name());
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "requestAttr",
            b + "Ljava/lang/String;)Ljava/lang/Object;", false);
        return;
      case REQUEST_HAS:
        mv.visitLdcInsn(r.name());
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "requestHas", b + "Ljava/lang/String;)Z", false);
        return;
      case ACTION:
        mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "action", b + ")Ljava/lang/String;", false);
        return;
      case RESOURCE:
        mv.visitMethodInsn(INVOKEINTERFACE, BINDINGS, "resource", "()Ljava/lang/Object;", true);
        return;
      case FLAG:
        mv.visitLdcInsn(r.name());
        mv.visitMethodInsn(INVOKEINTERFACE, BINDINGS, "flag", "(Ljava/lang/String;)Z", true);
        return;
      case NOW:
        mv.visitMethodInsn(INVOKEINTERFACE, BINDINGS, "nowEpochNanos", "()J", true);
        return;
      default:
        throw new IllegalStateException(r.source().toString());
    }
  }

  private void call(Ir.Call c, MethodVisitor mv) {
    StringBuilder desc = new StringBuilder("(");
    Class<?>[] params = new Class<?>[c.args().size()];
    for (int i = 0; i < params.length; i++) {
      Ir arg = c.args().get(i);
      emit(arg, mv);
      desc.append(arg.type().descriptor());
      params[i] = arg.type().javaClass();
    }
    desc.append(')').append(c.type().descriptor());
    Method helper = helper(c.helper(), params, c.type().javaClass());
    mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(helper.getDeclaringClass()), c.helper(),
        desc.toString(), false);
  }

  /**
   * Finds the helper by reflection, so that a checker and runtime that drift apart fail while
   * compiling a policy rather than with a linkage error in the middle of a decision.
   */
  private static Method helper(String name, Class<?>[] params, Class<?> result) {
    for (Class<?> owner : HELPER_CLASSES) {
      Method m;
      try {
        m = owner.getDeclaredMethod(name, params);
      } catch (NoSuchMethodException e) {
        continue;
      }
      if (m.getReturnType() != result) {
        throw new IllegalStateException("runtime helper " + name + " returns "
            + m.getReturnType() + ", expected " + result);
      }
      return m;
    }
    throw new IllegalStateException("no runtime helper " + name
        + Type.getMethodDescriptor(Type.getType(result), toAsm(params)));
  }

  private static Type[] toAsm(Class<?>[] classes) {
    Type[] types = new Type[classes.length];
    for (int i = 0; i < classes.length; i++) {
      types[i] = Type.getType(classes[i]);
    }
    return types;
  }

  private void compare(Ir.Compare c, MethodVisitor mv) {
    emit(c.left(), mv);
    emit(c.right(), mv);
    dev.vigil.policy.expr.Type t = c.left().type();
    int jump;
    if (t.isLong()) {
      mv.visitInsn(LCMP);
      jump = ifOpcode(c.op());
    } else if (t.is(dev.vigil.policy.expr.Type.Kind.DOUBLE)) {
      // NaN must make every ordering false: dcmpg yields 1 for NaN (so < and <= fail), dcmpl
      // yields -1 (so >, >= and == fail, and != holds).
      boolean less = c.op() == ConditionRuntime.LT || c.op() == ConditionRuntime.LE;
      mv.visitInsn(less ? DCMPG : DCMPL);
      jump = ifOpcode(c.op());
    } else {
      jump = ifOpcode(c.op()) - IFEQ + IF_ICMPEQ;
    }
    Label yes = new Label();
    Label end = new Label();
    mv.visitJumpInsn(jump, yes);
    mv.visitInsn(ICONST_0);
    mv.visitJumpInsn(GOTO, end);
    mv.visitLabel(yes);
    mv.visitInsn(ICONST_1);
    mv.visitLabel(end);
  }

  private static int ifOpcode(int op) {
    switch (op) {
      case ConditionRuntime.EQ: return IFEQ;
      case ConditionRuntime.NE: return IFNE;
      case ConditionRuntime.LT: return IFLT;
      case ConditionRuntime.LE: return IFLE;
      case ConditionRuntime.GT: return IFGT;
      default: return IFGE;
    }
  }

  private void logic(Ir.Logic l, MethodVisitor mv) {
    if (l.mayFail()) {
      String name = "logic" + (++methods);
      pending.add(new Pending(name, l));
      mv.visitVarInsn(ALOAD, 0);
      mv.visitMethodInsn(INVOKESTATIC, CLASS_NAME, name, EVAL_DESC, false);
      return;
    }
    Label decided = new Label();
    Label end = new Label();
    for (Ir operand : l.operands()) {
      emit(operand, mv);
      mv.visitJumpInsn(l.and() ? IFEQ : IFNE, decided);
    }
    mv.visitInsn(l.and() ? ICONST_1 : ICONST_0);
    mv.visitJumpInsn(GOTO, end);
    mv.visitLabel(decided);
    mv.visitInsn(l.and() ? ICONST_0 : ICONST_1);
    mv.visitLabel(end);
  }

  /**
   * CEL's commutative logic: every operand is evaluated in order until one decides the result
   * ({@code false} for {@code &&}, {@code true} for {@code ||}); an operand's error is remembered
   * (the first one, in local 1) and thrown only if no later operand decides.
   */
  private void emitLogicMethod(String name, Ir.Logic l) {
    MethodVisitor mv = cw.visitMethod(ACC_PRIVATE | ACC_STATIC, name, EVAL_DESC, null, null);
    mv.visitCode();
    mv.visitInsn(ACONST_NULL);
    mv.visitVarInsn(ASTORE, 1);
    int decides = l.and() ? IFEQ : IFNE;
    int decided = l.and() ? ICONST_0 : ICONST_1;
    for (Ir operand : l.operands()) {
      Label next = new Label();
      Label decide = new Label();
      if (operand.mayFail()) {
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        Label keepFirst = new Label();
        mv.visitTryCatchBlock(start, end, handler, "dev/vigil/policy/expr/EvaluationException");
        mv.visitLabel(start);
        emit(operand, mv);
        mv.visitLabel(end);
        mv.visitJumpInsn(decides, decide);
        mv.visitJumpInsn(GOTO, next);
        mv.visitLabel(handler);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitJumpInsn(IFNONNULL, keepFirst);
        mv.visitVarInsn(ASTORE, 1);
        mv.visitJumpInsn(GOTO, next);
        mv.visitLabel(keepFirst);
        mv.visitInsn(POP);
        mv.visitJumpInsn(GOTO, next);
      } else {
        emit(operand, mv);
        mv.visitJumpInsn(decides, decide);
        mv.visitJumpInsn(GOTO, next);
      }
      mv.visitLabel(decide);
      mv.visitInsn(decided);
      mv.visitInsn(IRETURN);
      mv.visitLabel(next);
    }
    Label ok = new Label();
    mv.visitVarInsn(ALOAD, 1);
    mv.visitJumpInsn(IFNULL, ok);
    mv.visitVarInsn(ALOAD, 1);
    mv.visitInsn(ATHROW);
    mv.visitLabel(ok);
    mv.visitInsn(l.and() ? ICONST_1 : ICONST_0);
    mv.visitInsn(IRETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }
}
