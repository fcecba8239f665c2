package dev.vigil.policy.expr;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A static type of the condition language, and how a value of that type is held in generated code
 * (its JVM descriptor): bool, int, timestamps and durations are primitives; everything dynamic is
 * an {@code Object}.
 *
 * <p>Two dynamic types exist, both shown as {@code dyn}: {@link #DYN} for values that come from
 * bindings (which never hold a duration), and {@link #ANY} for values that may also hold a boxed
 * duration (a mixed list, a mixed ternary). Knowing that a {@code dyn} is never a duration is what
 * lets {@code now - request.loginTime} compile to primitive arithmetic.
 */
final class Type {

  enum Kind {
    BOOL, INT, DOUBLE, STRING, NULL, TIMESTAMP, DURATION, LIST, DYN, ANY,
    /** Internal: a precompiled {@code cidr('...')}. */
    CIDR,
    /** Internal: a precompiled regular expression. */
    REGEX,
    /** Internal: a precompiled time zone, or null for UTC. */
    ZONE,
    /** Internal: a JVM int constant (an operator or field code for a helper). */
    I32
  }

  static final Type BOOL = new Type(Kind.BOOL, null);
  static final Type INT = new Type(Kind.INT, null);
  static final Type DOUBLE = new Type(Kind.DOUBLE, null);
  static final Type STRING = new Type(Kind.STRING, null);
  static final Type NULL = new Type(Kind.NULL, null);
  static final Type TIMESTAMP = new Type(Kind.TIMESTAMP, null);
  static final Type DURATION = new Type(Kind.DURATION, null);
  static final Type DYN = new Type(Kind.DYN, null);
  static final Type ANY = new Type(Kind.ANY, null);
  static final Type CIDR = new Type(Kind.CIDR, null);
  static final Type REGEX = new Type(Kind.REGEX, null);
  static final Type ZONE = new Type(Kind.ZONE, null);
  static final Type I32 = new Type(Kind.I32, null);
  static final Type LIST_STRING = listOf(STRING);

  final Kind kind;
  /** The element type of a list, else null. */
  final Type elem;

  private Type(Kind kind, Type elem) {
    this.kind = kind;
    this.elem = elem;
  }

  static Type listOf(Type elem) {
    return new Type(Kind.LIST, elem);
  }

  boolean isDyn() {
    return kind == Kind.DYN || kind == Kind.ANY;
  }

  boolean is(Kind k) {
    return kind == k;
  }

  /** True for types held as a JVM {@code long}. */
  boolean isLong() {
    return kind == Kind.INT || kind == Kind.TIMESTAMP || kind == Kind.DURATION;
  }

  /** True if a value of this type, or of any list nested in it, may be a duration. */
  boolean mayHoldDuration() {
    return kind == Kind.DURATION || kind == Kind.ANY
        || (kind == Kind.LIST && elem.mayHoldDuration());
  }

  String descriptor() {
    switch (kind) {
      case BOOL: return "Z";
      case INT: case TIMESTAMP: case DURATION: return "J";
      case DOUBLE: return "D";
      case I32: return "I";
      case STRING: return "Ljava/lang/String;";
      case LIST: return "Ljava/util/List;";
      case CIDR: return "Ldev/vigil/policy/expr/Cidr;";
      case REGEX: return "Ldev/vigil/policy/expr/Regex;";
      case ZONE: return "Ljava/time/ZoneId;";
      default: return "Ljava/lang/Object;";
    }
  }

  Class<?> javaClass() {
    switch (kind) {
      case BOOL: return boolean.class;
      case INT: case TIMESTAMP: case DURATION: return long.class;
      case DOUBLE: return double.class;
      case I32: return int.class;
      case STRING: return String.class;
      case LIST: return List.class;
      case CIDR: return Cidr.class;
      case REGEX: return Regex.class;
      case ZONE: return ZoneId.class;
      default: return Object.class;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Type t && t.kind == kind && Objects.equals(t.elem, elem);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Objects.hashCode(elem);
  }

  @Override
  public String toString() {
    switch (kind) {
      case LIST: return "list(" + elem + ")";
      case ANY: return "dyn";
      case I32: return "int32";
      default: return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
