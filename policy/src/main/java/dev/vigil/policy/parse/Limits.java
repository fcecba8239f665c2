package dev.vigil.policy.parse;

/**
 * The bounds the reader puts on its input. A policy file can come from anyone who can write to the
 * policy directory, so the reader must stay fast and small whatever it is given: these limits make
 * a hostile file fail with a clear problem instead of exhausting memory or time.
 */
final class Limits {

  /** Largest file read, in bytes; also the largest text accepted by {@code parse(String, String)}, in chars. */
  static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

  /** SnakeYAML's code point limit; never reached first, since the byte/char limit is no larger. */
  static final int MAX_CODE_POINTS = MAX_FILE_BYTES;

  /**
   * Most YAML nodes (scalars, lists, mappings, aliases) in one file. Bounds the memory a single
   * file can take while composed; a policy this size already holds tens of thousands of subjects.
   */
  static final int MAX_NODES = 1_000_000;

  /**
   * Most node visits while reading one file. Aliases let a small file describe a huge tree (the
   * "billion laughs" attack); counting visits rather than distinct nodes catches that expansion.
   */
  static final int MAX_VISITS = 2 * MAX_NODES;

  /** Most aliases of lists or mappings in one file (aliases of scalars cannot expand). */
  static final int MAX_COLLECTION_ALIASES = 50;

  /** Deepest nesting of lists and mappings; a policy needs about six levels plus its attributes. */
  static final int MAX_DEPTH = 50;

  /** Problems reported before the reader stops listing more: past this, more help nobody. */
  static final int MAX_PROBLEMS = 1000;

  private Limits() {}
}
