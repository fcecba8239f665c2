package dev.vigil.source;

/**
 * What one publication changed in the store. {@code kind} says how it was written: ALL (a new store
 * generation: first publication, or the policy part changed), SUBJECTS (only changed subjects
 * rewritten in place, their stripes bumped), or NONE (the source changed nothing).
 */
public record Publication(Kind kind, String revision, int subjectsWritten, int subjectsRemoved) {

  public enum Kind {
    ALL,
    SUBJECTS,
    NONE
  }

  @Override
  public String toString() {
    return switch (kind) {
      case ALL -> "published revision " + revision + " in full (" + subjectsWritten + " subjects)";
      case SUBJECTS -> "published revision " + revision + ": " + subjectsWritten + " subject(s) written, "
          + subjectsRemoved + " removed";
      case NONE -> "revision " + revision + " unchanged";
    };
  }
}
