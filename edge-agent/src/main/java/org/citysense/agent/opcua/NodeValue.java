package org.citysense.agent.opcua;

import org.citysense.agent.driver.Failure;
import org.citysense.profiles.decode.RawValue;

/**
 * What one node held when read: its value as the decoder takes it, or why there is none.
 *
 * @param type the type PLC4X decoded the variant as (IEC 61131-3 names: LREAL, REAL, INT, BOOL…),
 *     or null when nothing came
 */
public record NodeValue(String node, String type, RawValue raw, Failure failure) {
  public boolean isOk() {
    return failure == null;
  }
}
