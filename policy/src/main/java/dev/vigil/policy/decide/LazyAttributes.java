package dev.vigil.policy.decide;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A subject's attributes, kept encoded until first read. Deciding most actions needs only roles and
 * groups, so a cache miss should not pay for building maps of attributes nobody reads. Decoding
 * happens at most once per record in practice; racing threads build equal maps, and the volatile
 * field publishes a fully built one.
 */
final class LazyAttributes extends AbstractMap<String, Object> {

  private final byte[] bytes;
  private final int offset;
  private final int length;
  /** The decoded attributes once some code asked for them. */
  private volatile Map<String, Object> decoded;

  /** {@code bytes[offset, offset + length)} holds one encoded attributes map, already validated. */
  LazyAttributes(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  private Map<String, Object> decoded() {
    Map<String, Object> map = decoded;
    if (map == null) {
      map = new BinaryReader(bytes, offset, length).attributes();
      decoded = map;
    }
    return map;
  }

  @Override
  public Object get(Object key) {
    return decoded().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return decoded().containsKey(key);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return decoded().entrySet();
  }
}
