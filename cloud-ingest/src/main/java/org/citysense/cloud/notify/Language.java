package org.citysense.cloud.notify;

import java.util.Locale;

/** The languages messages are written in. */
public enum Language {
  ZH,
  EN;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
