package dev.vigil.policy.parse;

import dev.vigil.policy.model.SourcePosition;
import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Turns a file's text into a SnakeYAML node tree, and nothing more. Only the compose step runs:
 * no constructor ever sees the nodes, so no tag can make SnakeYAML build a Java object. Syntax
 * errors and refusals become problems at the place SnakeYAML (or {@link GuardedParser}) found them.
 */
final class YamlComposer {

  private YamlComposer() {}

  /**
   * The root node of the file's one document, or null when the file holds no document (it is
   * empty or only comments) or could not be read (then a problem was added).
   */
  static Node compose(SourceText source, Problems problems) {
    LoaderOptions options = options();
    GuardedParser parser =
        new GuardedParser(new ParserImpl(new StreamReader(new StringReader(source.text())), options));
    Composer composer = new Composer(parser, new CoreSchemaResolver(), options);
    Node root;
    try {
      if (!composer.checkNode()) {
        return null;
      }
      root = composer.getNode();
    } catch (YAMLException e) {
      report(e, source, parser, problems);
      return null;
    }
    try {
      if (composer.checkNode()) {
        // Report the second document, and still return the first so all its problems show too.
        Event next = parser.peekEvent();
        problems.add(source.at(next.getStartMark()),
            "a policy file holds one YAML document, but another one starts here; "
                + "move it to its own file or merge it into the first");
      }
    } catch (YAMLException e) {
      report(e, source, parser, problems);
    }
    return root;
  }

  private static void report(YAMLException e, SourceText source, GuardedParser parser, Problems problems) {
    if (e instanceof GuardedParser.Refusal) {
      problems.add(source.at(((GuardedParser.Refusal) e).mark), e.getMessage());
    } else if (e instanceof MarkedYAMLException) {
      MarkedYAMLException marked = (MarkedYAMLException) e;
      problems.add(markPosition(source, marked, parser), syntaxMessage(source, marked));
    } else if (e instanceof ReaderException) {
      ReaderException reader = (ReaderException) e;
      problems.add(source.atCodePointIndex(reader.getPosition()),
          String.format("the character U+%04X is not allowed in YAML; remove it, or write it as an"
              + " escape (\\u%04X) inside a double-quoted string",
              reader.getCodePoint(), reader.getCodePoint()));
    } else {
      // SnakeYAML's own limits report no position: use the last event read, the nearest place known.
      Mark mark = parser.lastMark();
      SourcePosition position = mark == null ? source.wholeFile() : source.at(mark);
      problems.add(position, "cannot read this YAML: " + e.getMessage());
    }
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    // GuardedParser enforces these first, with positions; SnakeYAML's checks stay as a backstop.
    options.setMaxAliasesForCollections(Limits.MAX_COLLECTION_ALIASES);
    options.setNestingDepthLimit(Limits.MAX_DEPTH + 10);
    options.setCodePointLimit(Limits.MAX_CODE_POINTS);
    options.setAllowRecursiveKeys(false);
    // Duplicates are detected by DocumentReader, which can name both places.
    options.setAllowDuplicateKeys(true);
    options.setProcessComments(false);
    options.setMergeOnCompose(false);
    return options;
  }

  private static SourcePosition markPosition(SourceText source, MarkedYAMLException e, GuardedParser parser) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    if (mark == null) {
      mark = parser.lastMark();
    }
    return mark == null ? source.wholeFile() : source.at(mark);
  }

  /** SnakeYAML's problem text, and its context with the context's own position. */
  private static String syntaxMessage(SourceText source, MarkedYAMLException e) {
    StringBuilder message = new StringBuilder("invalid YAML: ");
    message.append(e.getProblem() != null ? e.getProblem().strip() : "syntax error");
    if (e.getContext() != null) {
      message.append(" (").append(e.getContext().strip());
      if (e.getContextMark() != null) {
        message.append(" at ").append(source.at(e.getContextMark()));
      }
      message.append(')');
    }
    return message.toString();
  }
}
