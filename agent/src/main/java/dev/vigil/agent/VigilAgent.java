package dev.vigil.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class}. Deliberately thin: it makes sure the agent jar's bootstrap bridge is on
 * the bootstrap class path (so woven code in every class loader can call it), loads the rest of the
 * agent in an isolated class loader (so none of our dependencies can clash with the application's),
 * and hands over to the installer there. It must not touch any class of the bridge itself before
 * the jar is appended, or the system class loader would define a second, useless copy.
 *
 * <p>If the agent cannot start, guarded methods would run unchecked: the JVM is stopped with the
 * reason instead, unless the operator chose {@code failMode=open}.
 */
public final class VigilAgent {

  private static final String INSTALLER = "dev.vigil.agent.installer.AgentInstaller";

  private VigilAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) throws Exception {
    try {
      File jar = agentJar();
      JarFile jarFile = new JarFile(jar, false);
      if (!bridgeOnBootstrapPath()) {
        // The manifest's Boot-Class-Path names the jar as built; a renamed jar is appended here
        // instead, which works the same but makes the JVM print a class-sharing warning.
        instrumentation.appendToBootstrapClassLoaderSearch(jarFile);
      }
      ClassLoader agentLoader = new AgentClassLoader(jar, jarFile);
      Class<?> installer = Class.forName(INSTALLER, true, agentLoader);
      installer
          .getMethod("install", Instrumentation.class, String.class)
          .invoke(null, instrumentation, arguments);
    } catch (java.lang.reflect.InvocationTargetException e) {
      fail(arguments, e.getCause());
    } catch (Exception | LinkageError e) {
      fail(arguments, e);
    }
  }

  private static void fail(String arguments, Throwable cause) throws Exception {
    System.err.println("[vigil] the agent could not start: " + cause);
    boolean open = String.valueOf(arguments).contains("failMode=open")
        || "open".equals(System.getProperty("vigil.failMode"));
    if (open) {
      System.err.println("[vigil] failMode=open: the application starts WITHOUT authorization checks");
      return;
    }
    System.err.println("[vigil] failMode=closed: refusing to start the application unguarded;"
        + " fix the error above (see java -jar vigil-agent.jar for the options)");
    throw cause instanceof Exception ? (Exception) cause : new IllegalStateException(cause);
  }

  /**
   * The agent jar. This class may have been defined by the bootstrap loader (through the
   * manifest's Boot-Class-Path), which has no code source, so the jar is found as a resource.
   */
  private static File agentJar() throws Exception {
    String self = VigilAgent.class.getName().replace('.', '/') + ".class";
    java.net.URL url = ClassLoader.getSystemResource(self);
    if (url == null || !"jar".equals(url.getProtocol())) {
      throw new IllegalStateException("cannot locate the agent jar (found " + url + ")");
    }
    String path = url.getPath();
    return new File(new java.net.URI(path.substring(0, path.indexOf("!/"))));
  }

  private static boolean bridgeOnBootstrapPath() {
    try {
      Class.forName("dev.vigil.agent.bootstrap.Guard", false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** {@code java -jar vigil-agent.jar}: prints the options. */
  public static void main(String[] args) throws Exception {
    File jar = agentJar();
    ClassLoader agentLoader = new AgentClassLoader(jar, new JarFile(jar, false));
    Class.forName("dev.vigil.agent.installer.AgentOption", true, agentLoader)
        .getMethod("printHelp", java.io.PrintStream.class)
        .invoke(null, System.out);
  }
}
