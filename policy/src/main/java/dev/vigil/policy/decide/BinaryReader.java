package dev.vigil.policy.decide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what {@link BinaryWriter} wrote; any inconsistency is an {@link IllegalArgumentException}. */
final class BinaryReader {

  private final byte[] bytes;
  private final int limit;
  private int position;

  BinaryReader(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.position = offset;
    this.limit = offset + length;
  }

  long varint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = next();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("varint longer than 64 bits");
  }

  int length() {
    long n = varint();
    if (n < 0 || n > limit - position) {
      throw new IllegalArgumentException("length " + n + " runs past the end of the record");
    }
    return (int) n;
  }

  String string() {
    int n = length();
    String s = new String(bytes, position, n, StandardCharsets.UTF_8);
    position += n;
    return s;
  }

  String nullableString() {
    return varint() == 0 ? null : string();
  }

  List<String> strings() {
    int n = length();
    switch (n) {
      case 0:
        return List.of();
      case 1:
        return List.of(string());
      default:
        String[] array = new String[n];
        for (int i = 0; i < n; i++) {
          array[i] = string();
        }
        return List.of(array);
    }
  }

  /**
   * Walks one tagged value without building it, checking its structure: a record is validated
   * when it is read even though its attributes are built only when used.
   */
  void skipValue() {
    int tag = (int) varint();
    switch (tag) {
      case BinaryWriter.TAG_NULL, BinaryWriter.TAG_TRUE, BinaryWriter.TAG_FALSE -> { }
      case BinaryWriter.TAG_STRING -> skipBytes();
      case BinaryWriter.TAG_LONG, BinaryWriter.TAG_DOUBLE -> varint();
      case BinaryWriter.TAG_LIST -> {
        for (int i = length(); i > 0; i--) {
          skipValue();
        }
      }
      case BinaryWriter.TAG_MAP -> {
        for (int i = length(); i > 0; i--) {
          skipBytes();
          skipValue();
        }
      }
      default -> throw new IllegalArgumentException("unknown value tag " + tag);
    }
  }

  /** Skips a length-prefixed run of bytes (a string). */
  private void skipBytes() {
    int n = length(); // read first: it moves the position past the length itself
    position += n;
  }

  int position() {
    return position;
  }

  Object value() {
    int tag = (int) varint();
    switch (tag) {
      case BinaryWriter.TAG_NULL:
        return null;
      case BinaryWriter.TAG_STRING:
        return string();
      case BinaryWriter.TAG_LONG:
        return varint();
      case BinaryWriter.TAG_DOUBLE:
        return Double.longBitsToDouble(varint());
      case BinaryWriter.TAG_TRUE:
        return Boolean.TRUE;
      case BinaryWriter.TAG_FALSE:
        return Boolean.FALSE;
      case BinaryWriter.TAG_LIST:
        {
          int n = length();
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            list.add(value());
          }
          return Collections.unmodifiableList(list);
        }
      case BinaryWriter.TAG_MAP:
        return mapBody();
      default:
        throw new IllegalArgumentException("unknown value tag " + tag);
    }
  }

  Map<String, Object> attributes() {
    int tag = (int) varint();
    if (tag != BinaryWriter.TAG_MAP) {
      throw new IllegalArgumentException("expected attributes, found tag " + tag);
    }
    return mapBody();
  }

  private Map<String, Object> mapBody() {
    int n = length();
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String key = string();
      map.put(key, value());
    }
    return Collections.unmodifiableMap(map);
  }

  boolean atEnd() {
    return position == limit;
  }

  private byte next() {
    if (position >= limit) {
      throw new IllegalArgumentException("record ends early");
    }
    return bytes[position++];
  }
}
