package dev.vigil.loader;

import dev.vigil.policy.decide.CompiledPolicy;
import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.PolicyException;
import dev.vigil.policy.parse.PolicyParser;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code vigil-loader validate}: parses and compiles a policy exactly as {@code run} would, publishing nothing. */
final class ValidateCommand {

  private ValidateCommand() {}

  static int run(CommandLine line, PrintStream out, PrintStream err) {
    line.allow("source");
    Path source = line.source();
    try {
      PolicyDocument doc = new PolicyParser().parse(source);
      CompiledPolicy.compile(doc);
      out.printf("OK %s: %d subjects, %d roles, %d groups, %d flags, %d rules%n", source,
          doc.subjects().size(), doc.roles().size(), doc.groups().size(), doc.flags().size(), doc.rules().size());
      return LoaderMain.OK;
    } catch (PolicyException e) {
      e.problems().forEach(err::println);
      err.println(e.problems().size() + " problem(s); fix them and run validate again");
      return LoaderMain.PROBLEMS;
    }
  }
}
