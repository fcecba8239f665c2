package dev.vigil.policy.parse;

import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.PolicyException;
import dev.vigil.policy.model.RuleDefinition;
import dev.vigil.policy.model.SourcePosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads policy files (YAML, or JSON with the same structure; see {@code docs/policy-format.md})
 * into a {@link PolicyDocument}. Every problem found is collected and thrown together in one
 * {@link PolicyException}, each at its file, line and column; nothing of a rejected policy is
 * returned. Conditions are carried as text with their position and checked by the expression
 * compiler later.
 *
 * <p>Instances hold no state and may be shared between threads.
 */
public final class PolicyParser {

  public PolicyParser() {}

  /**
   * A .yaml/.yml/.json file, or a directory: every such file below it (recursive, sorted by path,
   * hidden files skipped), merged into one document.
   */
  public PolicyDocument parse(Path fileOrDirectory) throws PolicyException {
    Objects.requireNonNull(fileOrDirectory, "fileOrDirectory");
    Problems problems = new Problems();
    String name = fileOrDirectory.toString();
    List<Path> files;
    if (Files.isDirectory(fileOrDirectory)) {
      files = SourceFiles.find(fileOrDirectory, problems);
      if (files.isEmpty() && problems.isEmpty()) {
        problems.add(SourceText.wholeFile(name),
            "the directory holds no policy files (.yaml, .yml or .json); point to the right"
                + " directory or add a policy file");
      }
    } else if (Files.isRegularFile(fileOrDirectory)) {
      if (SourceFiles.isPolicyFile(fileOrDirectory)) {
        files = List.of(fileOrDirectory);
      } else {
        problems.add(SourceText.wholeFile(name),
            "not a policy file: the name must end in .yaml, .yml or .json");
        files = List.of();
      }
    } else if (Files.exists(fileOrDirectory)) {
      problems.add(SourceText.wholeFile(name), "neither a regular file nor a directory");
      files = List.of();
    } else {
      problems.add(SourceText.wholeFile(name),
          "no such file or directory; give the path of a policy file or of a directory of them");
      files = List.of();
    }

    // Keep going after problems so far (an unreadable subdirectory, say): the files that can be
    // read may have problems of their own, and all are reported together.
    List<PolicyFragment> fragments = new ArrayList<>();
    for (Path file : files) {
      problems.file(file.toString());
      SourceText source = SourceFiles.read(file, problems);
      if (source != null) {
        fragments.add(DocumentReader.read(source, YamlComposer.compose(source, problems), problems));
      }
    }
    return merge(fragments, problems);
  }

  /** For tests and tools: one document from text; {@code fileName} is used in positions. */
  public PolicyDocument parse(String fileName, String text) throws PolicyException {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(text, "text");
    Problems problems = new Problems();
    problems.file(fileName);
    if (text.length() > Limits.MAX_FILE_BYTES) {
      problems.add(SourceText.wholeFile(fileName), SourceFiles.tooLarge(text.length()));
      problems.throwIfAny();
    }
    // A byte order mark read as text: drop it, as for files, so columns on line 1 stay right.
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    SourceText source = new SourceText(fileName, body);
    PolicyFragment fragment =
        DocumentReader.read(source, YamlComposer.compose(source, problems), problems);
    return merge(List.of(fragment), problems);
  }

  /**
   * Where a position inside a rule's condition text stands in the policy file, for reporting an
   * expression error found by the compiler at {@code exprLine}:{@code exprColumn} (both 1-based,
   * columns counting code points) of {@link RuleDefinition#condition()}.
   *
   * <p>Exact for a plain or quoted condition on one line and for a literal block ({@code |}),
   * whose lines are the file's lines. Approximate where YAML rewrote the text: in a folded block
   * ({@code >}) or a plain or quoted scalar spanning lines, line breaks became spaces, so only
   * positions on the first source line are exact; in a quoted scalar, escapes ({@code \"},
   * {@code ''}, {@code \n}) are shorter in the text than in the file, so positions after one are
   * off by the difference.
   *
   * @throws IllegalArgumentException if the rule has no condition, or line or column is below 1
   */
  public static SourcePosition positionWithin(RuleDefinition rule, int exprLine, int exprColumn) {
    return ConditionPositions.within(rule, exprLine, exprColumn);
  }

  private static PolicyDocument merge(List<PolicyFragment> fragments, Problems problems)
      throws PolicyException {
    PolicyDocument document = new FragmentMerger(problems).merge(fragments);
    problems.throwIfAny();
    return document;
  }
}
