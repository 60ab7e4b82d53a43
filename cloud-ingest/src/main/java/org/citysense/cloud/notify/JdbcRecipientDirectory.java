package org.citysense.cloud.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;

/**
 * The recipient directory over the registry's tables. It answers with everyone, reachable or not:
 * the policy skips those without consent or opted out ({@link Recipient#reachable()}), and replies
 * need to find opted-out people too.
 */
public final class JdbcRecipientDirectory implements RecipientDirectory {
  private final Transactions db;

  public JdbcRecipientDirectory(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  @Override
  public List<Recipient> family(String householdId) {
    return db.once(
        "reading the family of household " + householdId,
        c -> RecipientRepository.contacts(c, householdId));
  }

  @Override
  public List<Recipient> unitPeople(String unitId) {
    return db.once(
        "reading the people of unit " + unitId, c -> RecipientRepository.staff(c, unitId));
  }

  @Override
  public Optional<String> parentUnit(String unitId) {
    return db.once(
        "reading the parent of unit " + unitId,
        c ->
            Rows.one(c, "SELECT parent_id FROM units WHERE id = ?", rs -> rs.getString(1), unitId));
  }

  /** Family contacts first, then unit people; oldest first within each. */
  @Override
  public List<Recipient> byPhone(String e164) {
    return db.once(
        "finding recipients with phone " + e164,
        c -> {
          List<Recipient> found =
              new ArrayList<>(
                  Rows.list(
                      c,
                      RecipientRepository.CONTACT_COLUMNS
                          + " WHERE phone = ? ORDER BY created_at, id",
                      RecipientRepository::map,
                      e164));
          found.addAll(
              Rows.list(
                  c,
                  RecipientRepository.STAFF_COLUMNS + " WHERE phone = ? ORDER BY created_at, id",
                  RecipientRepository::map,
                  e164));
          return found;
        });
  }
}
