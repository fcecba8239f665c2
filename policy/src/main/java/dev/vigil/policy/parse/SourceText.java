package dev.vigil.policy.parse;

import dev.vigil.policy.model.SourcePosition;
import java.util.Arrays;
import org.yaml.snakeyaml.error.Mark;

/**
 * The text of one policy file and the name its positions use. Lines and columns are 1-based and
 * count Unicode code points, exactly as SnakeYAML's marks do, so positions computed here from the
 * raw text agree with positions taken from parsed nodes.
 */
final class SourceText {

  private final String file;
  private final String text;
  /** Char offset where each line starts; built on first use, since most files never need it. */
  private int[] lineStarts;

  SourceText(String file, String text) {
    this.file = file;
    this.text = text;
  }

  String file() {
    return file;
  }

  String text() {
    return text;
  }

  /** The position of a SnakeYAML mark (0-based) in this file. */
  SourcePosition at(Mark mark) {
    return new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** The position of a problem with the file as a whole (it is missing, too large, ...). */
  SourcePosition wholeFile() {
    return wholeFile(file);
  }

  /** Line 0, column 0 marks a problem with a whole file or directory rather than a place in it. */
  static SourcePosition wholeFile(String file) {
    return new SourcePosition(file, 0, 0);
  }

  /** The position of the character at a char offset into the text. */
  SourcePosition atCharOffset(int offset) {
    int line = lineOf(offset);
    int start = lineStarts()[line];
    int column = text.codePointCount(start, Math.min(offset, text.length())) + 1;
    return new SourcePosition(file, line + 1, column);
  }

  /** The position of the code point at a code point index (SnakeYAML reports some errors so). */
  SourcePosition atCodePointIndex(int index) {
    int offset;
    try {
      offset = text.offsetByCodePoints(0, index);
    } catch (IndexOutOfBoundsException e) {
      offset = text.length();
    }
    return atCharOffset(offset);
  }

  /** The text of a 0-based line, without its line break, or null past the end. */
  String line(int line) {
    int[] starts = lineStarts();
    if (line < 0 || line >= starts.length) {
      return null;
    }
    int end = line + 1 < starts.length ? starts[line + 1] : text.length();
    // Drop the break that ended the line: "\r\n" or a single break character.
    if (end > starts[line] && isBreak(text.charAt(end - 1))) {
      end--;
      if (end > starts[line] && text.charAt(end) == '\n' && text.charAt(end - 1) == '\r') {
        end--;
      }
    }
    return text.substring(starts[line], end);
  }

  private int lineOf(int offset) {
    int[] starts = lineStarts();
    int found = Arrays.binarySearch(starts, offset);
    return found >= 0 ? found : -found - 2;
  }

  private int[] lineStarts() {
    if (lineStarts == null) {
      int[] starts = new int[16];
      int count = 1;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        // The same breaks as SnakeYAML's reader: \n, \r, \r\n (once), NEL, LS and PS.
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          continue;
        }
        if (isBreak(c)) {
          if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
          }
          starts[count++] = i + 1;
        }
      }
      lineStarts = Arrays.copyOf(starts, count);
    }
    return lineStarts;
  }

  private static boolean isBreak(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }
}
