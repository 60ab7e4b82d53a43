package org.citysense.cloud.evaluate;

import java.time.Instant;

/** What is known of one gateway's contact. */
final class GatewayWatch {
  Instant lastContact;
  boolean raised;
  Instant returnedAt;
}
