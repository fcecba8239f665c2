package dev.vigil.testapps.preload;

import java.lang.instrument.Instrumentation;

/**
 * A stand-in for another Java agent listed before Vigil's that loads application classes in its own
 * premain: those classes exist before Vigil installs, so Vigil must retransform them or their
 * guarded methods would run unchecked. The classes to load are the agent argument, comma separated.
 */
public final class PreloadAgent {

  private PreloadAgent() {}

  public static void premain(String classes, Instrumentation instrumentation) throws ClassNotFoundException {
    for (String name : classes.split(",")) {
      Class.forName(name, true, ClassLoader.getSystemClassLoader());
    }
  }
}
