package org.citysense.agent.buffer;

/** The buffer's two queues: what must reach the cloud first, and everything else. */
public enum Lane {
  PRIORITY,
  NORMAL
}
