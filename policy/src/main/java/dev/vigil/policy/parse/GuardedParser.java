package dev.vigil.policy.parse;

import java.util.HashSet;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Sits between SnakeYAML's parser and composer and refuses what a policy file must not contain:
 * tags other than the standard scalar/list/mapping ones, nesting past {@link Limits#MAX_DEPTH},
 * more than {@link Limits#MAX_COLLECTION_ALIASES} aliases of collections and more than {@link
 * Limits#MAX_NODES} nodes. SnakeYAML enforces similar limits itself, but its errors carry no
 * position; checking each event here lets the refusal name the exact place.
 */
final class GuardedParser implements Parser {

  /** A refusal at a place in the file; reading that file stops. */
  static final class Refusal extends YAMLException {
    private static final long serialVersionUID = 1L;
    final transient Mark mark;

    Refusal(Mark mark, String message) {
      super(message);
      this.mark = mark;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // an expected outcome, reported as a problem: a stack trace would be waste
    }
  }

  private static final Set<String> SCALAR_TAGS =
      Set.of(
          Tag.STR.getValue(),
          Tag.INT.getValue(),
          Tag.FLOAT.getValue(),
          Tag.BOOL.getValue(),
          Tag.NULL.getValue());

  private final Parser delegate;
  /** Anchors that name a list or mapping: only their aliases can multiply the tree. */
  private final Set<String> collectionAnchors = new HashSet<>();
  private int depth;
  private int nodes;
  private int collectionAliases;
  private Mark lastMark;

  GuardedParser(Parser delegate) {
    this.delegate = delegate;
  }

  /** Where the last event handed out starts, to place errors SnakeYAML reports without a mark. */
  Mark lastMark() {
    return lastMark;
  }

  @Override
  public boolean checkEvent(Event.ID choice) {
    return delegate.checkEvent(choice);
  }

  @Override
  public Event peekEvent() {
    return delegate.peekEvent();
  }

  @Override
  public Event getEvent() {
    Event event = delegate.getEvent();
    lastMark = event.getStartMark();
    if (event instanceof NodeEvent && ++nodes > Limits.MAX_NODES) {
      throw new Refusal(lastMark, "the file has more than " + Limits.MAX_NODES
          + " values; split the policy across several files in a directory");
    }
    if (event instanceof AliasEvent) {
      String anchor = ((AliasEvent) event).getAnchor();
      if (collectionAnchors.contains(anchor) && ++collectionAliases > Limits.MAX_COLLECTION_ALIASES) {
        throw new Refusal(lastMark, "more than " + Limits.MAX_COLLECTION_ALIASES
            + " aliases of lists or mappings; this looks like an alias bomb, write the values out instead");
      }
    } else if (event instanceof ScalarEvent) {
      ScalarEvent scalar = (ScalarEvent) event;
      checkTag(scalar.getTag(), SCALAR_TAGS, "a scalar");
      remember(scalar.getAnchor(), false);
    } else if (event instanceof CollectionStartEvent) {
      CollectionStartEvent start = (CollectionStartEvent) event;
      if (++depth > Limits.MAX_DEPTH) {
        throw new Refusal(lastMark, "lists and mappings are nested more than " + Limits.MAX_DEPTH
            + " levels deep; flatten the structure");
      }
      boolean mapping = event instanceof MappingStartEvent;
      checkTag(start.getTag(), Set.of((mapping ? Tag.MAP : Tag.SEQ).getValue()),
          mapping ? "a mapping" : "a list");
      remember(start.getAnchor(), true);
    } else if (event instanceof CollectionEndEvent) {
      depth--;
    }
    return event;
  }

  private void checkTag(String tag, Set<String> allowed, String what) {
    // No tag, or the non-specific "!", means "type it by its content": always fine.
    if (tag == null || tag.equals("!") || allowed.contains(tag)) {
      return;
    }
    // Tags are how YAML asks a loader to build arbitrary objects; a policy never needs one.
    throw new Refusal(lastMark, "the tag " + shortTag(tag) + " is not allowed on " + what
        + "; policy files use plain values only, remove the tag");
  }

  private void remember(String anchor, boolean collection) {
    if (anchor == null) {
      return;
    }
    // An anchor may be defined again later; the alias then refers to the latest definition.
    if (collection) {
      collectionAnchors.add(anchor);
    } else {
      collectionAnchors.remove(anchor);
    }
  }

  private static String shortTag(String tag) {
    String prefix = Tag.PREFIX;
    String shown = tag.startsWith(prefix) ? "!!" + tag.substring(prefix.length()) : tag;
    return "'" + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown) + "'";
  }
}
