package dev.vigil.policy.expr;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Bindings} over pre-built maps, for tests. Lookups are plain {@code HashMap.get} calls on
 * string keys (whose hash codes are cached), so reading a binding allocates nothing.
 */
final class TestBindings implements Bindings {

  String subjectId = "alice";
  List<String> roles = List.of();
  List<String> groups = List.of();
  final Map<String, Object> subject = new HashMap<>();
  final Map<String, Object> request = new HashMap<>();
  final Map<String, Boolean> flags = new HashMap<>();
  Object resource;
  String action = "invoice:approve";
  long nowNanos = TimeValues.toNanos(Instant.parse("2026-01-01T12:00:00Z"));

  TestBindings id(String id) {
    this.subjectId = id;
    return this;
  }

  TestBindings roles(String... roles) {
    this.roles = List.of(roles);
    return this;
  }

  TestBindings groups(String... groups) {
    this.groups = List.of(groups);
    return this;
  }

  TestBindings subject(String name, Object value) {
    subject.put(name, value);
    return this;
  }

  TestBindings request(String name, Object value) {
    request.put(name, value);
    return this;
  }

  TestBindings flag(String name, boolean value) {
    flags.put(name, value);
    return this;
  }

  TestBindings resource(Object value) {
    this.resource = value;
    return this;
  }

  TestBindings action(String value) {
    this.action = value;
    return this;
  }

  TestBindings now(String instant) {
    this.nowNanos = TimeValues.toNanos(Instant.parse(instant));
    return this;
  }

  Instant nowInstant() {
    return TimeValues.toInstant(nowNanos);
  }

  Set<String> flagNames() {
    return flags.keySet();
  }

  @Override
  public String subjectId() {
    return subjectId;
  }

  @Override
  public List<String> subjectRoles() {
    return roles;
  }

  @Override
  public List<String> subjectGroups() {
    return groups;
  }

  @Override
  public Object subjectAttribute(String name) {
    return subject.get(name);
  }

  @Override
  public Object requestAttribute(String name) {
    return request.get(name);
  }

  @Override
  public Object resource() {
    return resource;
  }

  @Override
  public String action() {
    return action;
  }

  @Override
  public boolean flag(String name) {
    Boolean v = flags.get(name);
    return v != null && v;
  }

  @Override
  public long nowEpochNanos() {
    return nowNanos;
  }
}
