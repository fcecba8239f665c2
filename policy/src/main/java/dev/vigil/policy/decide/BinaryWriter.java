package dev.vigil.policy.decide;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes the compact binary form shared by {@link SubjectCodec} and {@link PolicyCodec}: unsigned
 * LEB128 lengths, UTF-8 strings, and tagged attribute values. {@link BinaryReader} is its inverse;
 * the tags below are the one definition of the value encoding.
 */
final class BinaryWriter {

  static final int TAG_NULL = 0;
  static final int TAG_STRING = 1;
  static final int TAG_LONG = 2;
  static final int TAG_DOUBLE = 3;
  static final int TAG_TRUE = 4;
  static final int TAG_FALSE = 5;
  static final int TAG_LIST = 6;
  static final int TAG_MAP = 7;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

  BinaryWriter varint(long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
    return this;
  }

  BinaryWriter string(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    varint(bytes.length);
    out.write(bytes, 0, bytes.length);
    return this;
  }

  BinaryWriter nullableString(String s) {
    varint(s == null ? 0 : 1);
    return s == null ? this : string(s);
  }

  BinaryWriter strings(List<String> list) {
    varint(list.size());
    for (String s : list) {
      string(s);
    }
    return this;
  }

  BinaryWriter value(Object value) {
    if (value == null) {
      varint(TAG_NULL);
    } else if (value instanceof String s) {
      varint(TAG_STRING).string(s);
    } else if (value instanceof Boolean b) {
      varint(b ? TAG_TRUE : TAG_FALSE);
    } else if (value instanceof Double || value instanceof Float) {
      varint(TAG_DOUBLE).varint(Double.doubleToRawLongBits(((Number) value).doubleValue()));
    } else if (value instanceof Number n) {
      varint(TAG_LONG).varint(n.longValue());
    } else if (value instanceof List<?> list) {
      varint(TAG_LIST).varint(list.size());
      for (Object o : list) {
        value(o);
      }
    } else if (value instanceof Map<?, ?> map) {
      attributes(map);
    } else {
      throw new IllegalArgumentException("unsupported attribute value type " + value.getClass().getName());
    }
    return this;
  }

  BinaryWriter attributes(Map<?, ?> map) {
    varint(TAG_MAP).varint(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      string(String.valueOf(e.getKey()));
      value(e.getValue());
    }
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
