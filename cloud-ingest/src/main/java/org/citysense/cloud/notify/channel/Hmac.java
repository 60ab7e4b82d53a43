package org.citysense.cloud.notify.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and the ways providers write it down. */
public final class Hmac {
  /** How a signature is written: lowercase hex, uppercase hex, or standard base64. */
  public enum Encoding {
    HEX,
    HEX_UPPER,
    BASE64
  }

  private Hmac() {}

  public static byte[] sha256(String secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 not available", e);
    }
  }

  public static String sha256(String secret, String data, Encoding encoding) {
    byte[] mac = sha256(secret, data.getBytes(StandardCharsets.UTF_8));
    switch (encoding) {
      case HEX:
        return HexFormat.of().formatHex(mac);
      case HEX_UPPER:
        return HexFormat.of().formatHex(mac).toUpperCase(Locale.ROOT);
      default:
        return Base64.getEncoder().encodeToString(mac);
    }
  }
}
