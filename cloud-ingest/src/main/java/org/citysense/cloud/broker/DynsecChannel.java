package org.citysense.cloud.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Sends dynamic-security commands to the broker, in one message, and waits for their answers. */
@FunctionalInterface
public interface DynsecChannel {
  /**
   * @return one response per command, in the commands' order: {@code error} when it failed, {@code
   *     data} when it returns some
   * @throws org.citysense.cloud.auth.GatewayAccountsException when the broker cannot be reached,
   *     refuses the login or does not answer in time
   */
  List<JsonNode> execute(List<ObjectNode> commands);
}
