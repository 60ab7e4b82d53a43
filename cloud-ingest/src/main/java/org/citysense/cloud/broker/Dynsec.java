package org.citysense.cloud.broker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The dynamic-security commands this package uses, as JSON (Mosquitto's {@code
 * plugins/dynamic-security/README.md}).
 */
final class Dynsec {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Dynsec() {}

  static ObjectNode getClient(String username) {
    return command("getClient").put("username", username);
  }

  static ObjectNode listClients() {
    return command("listClients").put("verbose", true);
  }

  static ObjectNode deleteClient(String username) {
    return command("deleteClient").put("username", username);
  }

  static ObjectNode deleteRole(String rolename) {
    return command("deleteRole").put("rolename", rolename);
  }

  static ObjectNode createClient(
      String username, String password, String textname, String textdescription, String role) {
    ObjectNode c =
        command("createClient")
            .put("username", username)
            .put("password", password)
            .put("textname", textname)
            .put("textdescription", textdescription);
    c.putArray("roles").addObject().put("rolename", role);
    return c;
  }

  /** A role allowing what {@code allowed} lists, as pairs of ACL type and literal topic. */
  static ObjectNode createRole(String rolename, String... allowed) {
    ObjectNode c = command("createRole").put("rolename", rolename);
    var acls = c.putArray("acls");
    for (int i = 0; i < allowed.length; i += 2) {
      acls.addObject().put("acltype", allowed[i]).put("topic", allowed[i + 1]).put("allow", true);
    }
    return c;
  }

  private static ObjectNode command(String name) {
    return JSON.objectNode().put("command", name);
  }
}
