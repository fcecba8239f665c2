package dev.vigil.policy.decide;

import dev.vigil.policy.model.SubjectDefinition;
import java.util.List;
import java.util.Map;

/**
 * The store's value format for one subject. The store treats values as opaque bytes; this class is
 * the one place that knows what is inside them. A leading format byte lets a later format coexist.
 */
public final class SubjectCodec {

  /** Format of the value bytes; bump on any change to the encoding below. */
  static final int FORMAT = 1;

  private SubjectCodec() {}

  public static byte[] encode(SubjectDefinition subject) {
    return new BinaryWriter()
        .varint(FORMAT)
        .string(subject.id())
        .strings(subject.roles())
        .strings(subject.groups())
        .attributes(subject.attributes())
        .toByteArray();
  }

  /** Decodes a value; the subject id inside must be {@code expectedId} (guards against a mixed-up slot). */
  public static SubjectRecord decode(byte[] bytes, int offset, int length, String expectedId) {
    BinaryReader in = new BinaryReader(bytes, offset, length);
    long format = in.varint();
    if (format != FORMAT) {
      throw new IllegalArgumentException(
          "subject value format " + format + "; this Vigil reads format " + FORMAT);
    }
    String id = in.string();
    if (expectedId != null && !id.equals(expectedId)) {
      throw new IllegalArgumentException("value belongs to subject '" + id + "', not '" + expectedId + "'");
    }
    List<String> roles = in.strings();
    List<String> groups = in.strings();
    // Attributes are built when a condition first reads one (most decisions never do), but
    // their encoding is checked now, so a damaged value is refused when it is read.
    int attributesAt = in.position();
    if (attributesAt >= offset + length || bytes[attributesAt] != BinaryWriter.TAG_MAP) {
      throw new IllegalArgumentException("subject '" + id + "' has no attributes map");
    }
    in.skipValue();
    if (!in.atEnd()) {
      throw new IllegalArgumentException("trailing bytes after subject '" + id + "'");
    }
    Map<String, Object> attributes = new LazyAttributes(bytes, attributesAt, in.position() - attributesAt);
    return new SubjectRecord(id, roles, groups, attributes);
  }
}
