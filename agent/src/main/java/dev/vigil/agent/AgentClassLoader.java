package dev.vigil.agent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's implementation and its relocated dependencies from the {@code inst/} folder of
 * the agent jar, where classes are stored as {@code .classdata} so that neither the system nor the
 * bootstrap class loader can ever pick them up. Its parent is the bootstrap loader: the agent sees
 * the JDK and the bridge, never the application's classes.
 */
final class AgentClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  /** Folder of the agent jar that holds everything this loader serves. */
  static final String PREFIX = "inst/";

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain domain;

  AgentClassLoader(File jarPath, JarFile jar) throws MalformedURLException {
    super("vigil-agent", null);
    this.jar = jar;
    this.jarUrl = "jar:" + jarPath.toURI().toURL() + "!/";
    this.domain = new ProtectionDomain(new CodeSource(jarPath.toURI().toURL(), (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    try (InputStream in = jar.getInputStream(entry)) {
      byte[] bytes = readAll(in);
      definePackageOf(name);
      return defineClass(name, bytes, 0, bytes.length, domain);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }

  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot > 0) {
      String pkg = className.substring(0, dot);
      if (getDefinedPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException raced) {
          // Another thread defined it first; that is fine.
        }
      }
    }
  }

  /** Byte Buddy reads advice classes as resources: serve {@code X.class} from {@code inst/X.classdata}. */
  @Override
  protected URL findResource(String name) {
    String entryName = PREFIX + (name.endsWith(".class")
        ? name.substring(0, name.length() - ".class".length()) + ".classdata"
        : name);
    if (jar.getJarEntry(entryName) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + entryName);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    in.transferTo(out);
    return out.toByteArray();
  }
}
