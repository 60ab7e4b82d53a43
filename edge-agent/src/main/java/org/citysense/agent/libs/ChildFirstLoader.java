package org.citysense.agent.libs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;

/**
 * Sees a folder of optional jars besides the agent's class path, and defines the classes of one
 * package of the agent itself, from the bytes its parent holds, so that their references to those
 * jars resolve here. Everything else it asks its parent first, as any class loader does: the
 * agent's public types are the parent's, the same on both sides.
 */
final class ChildFirstLoader extends URLClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final String ownPackage;

  ChildFirstLoader(String name, URL[] jars, ClassLoader parent, String ownPackage) {
    super(name, jars, parent);
    this.ownPackage = ownPackage;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!inOwnPackage(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = defineFromParent(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  private boolean inOwnPackage(String className) {
    int dot = className.lastIndexOf('.');
    return dot > 0 && className.substring(0, dot).equals(ownPackage);
  }

  private Class<?> defineFromParent(String name) throws ClassNotFoundException {
    URL url = getParent().getResource(name.replace('.', '/') + ".class");
    if (url == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try {
      URLConnection c = url.openConnection();
      // no cached second copy of the agent's jar: it would hold its central directory for good
      c.setUseCaches(false);
      try (InputStream in = c.getInputStream()) {
        bytes = in.readAllBytes();
      }
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }
}
