package dev.vigil.agent.installer;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.vigil.agent.bootstrap.AgentStatus;
import dev.vigil.agent.bootstrap.Guard;
import dev.vigil.agent.engine.StoreEnforcer;
import dev.vigil.agent.engine.StoreMonitor;
import dev.vigil.agent.instrumentation.GuardSites;
import dev.vigil.agent.instrumentation.GuardedInstrumentation;
import dev.vigil.agent.instrumentation.SubjectScopeInstrumentation;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Runs inside the agent's isolated class loader, called by the premain: reads the options, opens
 * the store (or, in embedded mode, starts publishing the policy file into a private one), installs
 * the enforcer behind {@link Guard}, and installs the instrumentations.
 */
public final class AgentInstaller {

  private AgentInstaller() {}

  public static void install(Instrumentation instrumentation, String arguments) throws Exception {
    grantAgronaUnsafeAccess(instrumentation);
    AgentOptions options = AgentOptions.parse(arguments, System.getProperties());
    AgentLog log = AgentLog.open(options);

    // Embedded mode reads, compiles and publishes the policy on its own thread while this one
    // installs the instrumentation: on two cores that hides most of the policy's start-up cost.
    // Both finish before premain returns, so the application's first call finds a published store.
    FutureTask<Path> embedded = null;
    Path store = options.store();
    if (options.policy() != null) {
      Path dir = EmbeddedStore.directory();
      store = dir;
      embedded = new FutureTask<>(() -> EmbeddedStore.start(options.policy(), dir, log));
      Thread publisher = new Thread(embedded, "vigil-embedded-start");
      publisher.setDaemon(true);
      publisher.start();
    }

    AgentBuilder builder = newAgentBuilder()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(loadedApplicationClasses(instrumentation)))
        .with(new AgentBuilder.PoolStrategy.WithTypePoolCache.Simple(new ConcurrentHashMap<>()))
        .with(new TransformListener(log))
        .ignore(nameStartsWith("net.bytebuddy.")
            .or(nameStartsWith("dev.vigil.shaded."))
            .or(nameStartsWith("dev.vigil.agent."))
            .or(nameStartsWith("java."))
            .or(nameStartsWith("jdk."))
            .or(nameStartsWith("sun."))
            .or(nameStartsWith("com.sun.")));
    GuardSites sites = new GuardSites();
    builder = new GuardedInstrumentation(sites).extend(builder);
    builder = new SubjectScopeInstrumentation().extend(builder);

    builder.installOn(instrumentation);

    if (embedded != null) {
      awaitEmbeddedStore(embedded);
    }
    StoreEnforcer enforcer = new StoreEnforcer(sites, log, store, options.staleAfterMillis(),
        options.reportOnly(), options.failOpen());
    StoreMonitor.pollOnce(enforcer);
    if (store != null) {
      StoreMonitor.start(enforcer);
    }
    // No application code has run yet: the bridge gets its enforcer before premain returns.
    Guard.install(enforcer);
    log.info("agent started: " + enforcer.describe() + "; mode=" + options.get(AgentOption.MODE)
        + ", failMode=" + options.get(AgentOption.FAIL_MODE));
  }

  /** Waits for the embedded store's first publication; rethrows what must stop the JVM from starting. */
  private static void awaitEmbeddedStore(FutureTask<Path> embedded) throws Exception {
    try {
      embedded.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /**
   * The classes already loaded by application class loaders when the agent installs: the only ones
   * that may carry {@code @Guarded} and need retransforming. In a premain this is normally none
   * (the JDK and the agent itself are loaded, the application not yet), and handing Byte Buddy this
   * short list instead of every loaded class keeps the retransformation pass off the start-up path.
   */
  private static Class<?>[] loadedApplicationClasses(Instrumentation instrumentation) {
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    ClassLoader agent = AgentInstaller.class.getClassLoader();
    java.util.List<Class<?>> application = new java.util.ArrayList<>();
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      ClassLoader loader = c.getClassLoader();
      if (loader != null && loader != platform && loader != agent && instrumentation.isModifiableClass(c)) {
        application.add(c);
      }
    }
    return application.toArray(new Class<?>[0]);
  }

  /**
   * Byte Buddy's default set-up injects a helper class into the system class loader (reaching it
   * through {@code sun.misc.Unsafe}, which JDK 24+ warns about). Vigil never changes class formats,
   * so it needs no such helper: the switch Byte Buddy reads once (under its relocated name) turns it
   * off, and is removed again so that the application's properties stay as they were.
   */
  private static AgentBuilder newAgentBuilder() {
    String relocated = AgentBuilder.class.getPackageName().replace("agent.builder", "") + "nexus.disabled";
    String previous = System.setProperty(relocated, "true");
    try {
      return new AgentBuilder.Default();
    } finally {
      if (previous == null) {
        System.clearProperty(relocated);
      } else {
        System.setProperty(relocated, previous);
      }
    }
  }

  /**
   * Agrona 2 reads memory through {@code jdk.internal.misc.Unsafe}. The agent exports that package
   * to its own class loader's module, so users never add JVM flags.
   */
  private static void grantAgronaUnsafeAccess(Instrumentation instrumentation) {
    Module javaBase = Object.class.getModule();
    Module agent = AgentInstaller.class.getModule();
    instrumentation.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(agent)),
        Map.of(), Set.of(), Map.of());
  }

  /** Counts and logs every class that matched but could not be woven: each one is a possible bypass. */
  private static final class TransformListener extends AgentBuilder.Listener.Adapter {

    private final AgentLog log;

    TransformListener(AgentLog log) {
      this.log = log;
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
        boolean loaded, DynamicType dynamicType) {
      log.info("woven " + type.getName());
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
        Throwable error) {
      AgentStatus.recordTransformError();
      log.error("could not weave " + typeName + " (its guarded methods are NOT checked): " + error);
    }
  }
}
