package dev.vigil.loader;

import dev.vigil.policy.decide.CompiledPolicy;
import dev.vigil.policy.decide.Decision;
import dev.vigil.policy.decide.DecisionInput;
import dev.vigil.policy.decide.PolicyCodec;
import dev.vigil.policy.decide.SubjectCodec;
import dev.vigil.policy.decide.SubjectRecord;
import dev.vigil.policy.model.PolicyDocument;
import dev.vigil.policy.model.PolicyException;
import dev.vigil.policy.model.SubjectDefinition;
import dev.vigil.policy.parse.PolicyParser;
import dev.vigil.store.PublishedState;
import dev.vigil.store.StoreException;
import dev.vigil.store.StoreReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.ExpandableArrayBuffer;

/**
 * {@code vigil-loader explain}: why a subject may or may not do an action, from a policy source or
 * from what a live store holds, decided by the same code the agent runs.
 */
final class ExplainCommand {

  private ExplainCommand() {}

  static int run(CommandLine line, PrintStream out, PrintStream err) {
    line.allow("subject", "action", "source", "store", "request", "resource");
    String subjectId = line.required("subject");
    String action = line.required("action");
    Map<String, Object> request = new LinkedHashMap<>();
    for (String pair : line.all("request")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--request " + pair + " is not key=value");
      }
      request.put(pair.substring(0, eq), typed(pair.substring(eq + 1)));
    }
    Object resource = line.optional("resource") == null ? null : typed(line.optional("resource"));
    try {
      CompiledPolicy policy;
      SubjectRecord subject;
      String revision;
      if (line.optional("store") != null) {
        if (line.optional("source") != null) {
          throw new UsageException("give --source or --store, not both");
        }
        try (StoreReader reader = StoreReader.open(Path.of(line.required("store")))) {
          PublishedState state = reader.state();
          policy = CompiledPolicy.compile(PolicyCodec.decode(state.policy()));
          revision = state.revision();
          ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
          int n = reader.read(subjectId.getBytes(StandardCharsets.UTF_8), buffer);
          if (n == StoreReader.BUSY) {
            err.println("the store kept the subject's slot busy; try again");
            return LoaderMain.PROBLEMS;
          }
          subject = n == StoreReader.NOT_FOUND ? null
              : SubjectCodec.decode(buffer.byteArray(), 0, n, subjectId);
        }
      } else {
        PolicyDocument doc = new PolicyParser().parse(line.source());
        policy = CompiledPolicy.compile(doc);
        revision = doc.revision() == null ? "(source, unpublished)" : doc.revision();
        SubjectDefinition def = doc.subjects().get(subjectId);
        byte[] encoded = def == null ? null : SubjectCodec.encode(def);
        subject = def == null ? null : SubjectCodec.decode(encoded, 0, encoded.length, subjectId);
      }
      if (subject == null) {
        out.println("subject '" + subjectId + "' is not in the policy: decided as a subject with no roles, groups or attributes");
        subject = new SubjectRecord(subjectId, List.of(), List.of(), Map.of());
      }
      DecisionInput input = new DecisionInput();
      List<String> roles = policy.effectiveRoles(subject);
      Decision decision = policy.verdict(subject, roles, action, revision, input)
          .decide(input.subject(policy, subject, roles)
              .call(action, request, resource, System.currentTimeMillis() * 1_000_000L));
      out.println(decision.outcome() + " '" + action + "' for '" + subjectId + "' by " + decision.ruleId()
          + " (revision " + revision + ")");
      out.println("  reason: " + decision.reason());
      input.call(action, request, resource, System.currentTimeMillis() * 1_000_000L);
      for (String l : policy.explain(subject, action, input)) {
        out.println("  " + l);
      }
      return LoaderMain.OK;
    } catch (PolicyException e) {
      e.problems().forEach(err::println);
      return LoaderMain.PROBLEMS;
    } catch (StoreException e) {
      err.println(e.getMessage());
      return LoaderMain.PROBLEMS;
    }
  }

  /** Command-line values as conditions see them: integers, decimals, booleans, else strings. */
  static Object typed(String text) {
    if (text.equals("true") || text.equals("false")) {
      return Boolean.valueOf(text);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notInteger) {
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException notNumber) {
        return text;
      }
    }
  }
}
