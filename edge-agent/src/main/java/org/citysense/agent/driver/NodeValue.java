package org.citysense.agent.driver;

import org.citysense.profiles.decode.RawValue;

/**
 * What one node of an OPC UA server held when read: its value as the decoder takes it, or why there
 * is none.
 *
 * @param type the type PLC4X decoded the variant as (IEC 61131-3 names: LREAL, REAL, INT, BOOL…),
 *     or null when nothing came
 */
public record NodeValue(String node, String type, RawValue raw, Failure failure) {
  public boolean isOk() {
    return failure == null;
  }
}
