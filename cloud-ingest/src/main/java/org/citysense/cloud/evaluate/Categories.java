package org.citysense.cloud.evaluate;

import java.util.Set;
import org.citysense.profiles.quantity.Quantity;

/** Which category a value event falls in: danger to people is an alarm, the rest environment. */
public final class Categories {
  private static final Set<Quantity> DANGER =
      Set.of(
          Quantity.GAS,
          Quantity.GAS_ALARM,
          Quantity.CO,
          Quantity.SMOKE,
          Quantity.SMOKE_DENSITY,
          Quantity.ALARM_BUTTON);

  private Categories() {}

  /** An alarm for dangerous quantities and for anything in a household; environment otherwise. */
  public static Category ofValue(Quantity quantity, DeviceContext device) {
    if (DANGER.contains(quantity) || (device != null && device.householdId() != null)) {
      return Category.ALARM;
    }
    return Category.ENVIRONMENT;
  }
}
