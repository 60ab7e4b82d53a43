package org.citysense.cloud.notify;

import java.util.List;
import java.util.Optional;

/** The people the notification policy may reach, as the registry knows them. */
public interface RecipientDirectory {
  /** A household's family contacts. */
  List<Recipient> family(String householdId);

  /** The grid workers and staff attached to exactly this unit (not the units below it). */
  List<Recipient> unitPeople(String unitId);

  /** The unit above, for escalation; empty at the top. */
  Optional<String> parentUnit(String unitId);

  /** Whoever has this phone number (for SMS replies), if anyone. */
  List<Recipient> byPhone(String e164);
}
