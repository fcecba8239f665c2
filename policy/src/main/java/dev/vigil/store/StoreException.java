package dev.vigil.store;

/**
 * A store that cannot be opened or read as asked: missing, written by another layout version, not
 * a Vigil store at all, corrupt, or locked by another writer. Every message says what was found,
 * what was expected, and what the operator can do about it.
 */
public final class StoreException extends Exception {

  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
