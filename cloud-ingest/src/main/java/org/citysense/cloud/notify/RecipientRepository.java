package org.citysense.cloud.notify;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.NotFoundException;

/**
 * Household contacts ({@code household_contacts}) and a unit's grid workers and staff ({@code
 * unit_staff}). Ids are made here: {@code hc-...} for contacts, {@code us-...} for unit people, so
 * that a {@link Recipient} id is unique across both. A recipient without consent is kept but is not
 * {@link Recipient#reachable() reachable}; so is one who opted out.
 */
public final class RecipientRepository {
  static final String CONTACT_COLUMNS =
      "SELECT id, 'family' AS role, name, phone, push_token, language, quiet_from, quiet_to,"
          + " consent, opted_out, household_id, CAST(NULL AS VARCHAR(64)) AS unit_id"
          + " FROM household_contacts";
  static final String STAFF_COLUMNS =
      "SELECT id, role, name, phone, push_token, language, quiet_from, quiet_to, consent,"
          + " opted_out, CAST(NULL AS VARCHAR(64)) AS household_id, unit_id FROM unit_staff";
  private static final char[] ID_CHARS = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();

  private final Transactions db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public RecipientRepository(DataSource dataSource, Clock clock) {
    this.db = new Transactions(dataSource);
    this.clock = clock;
  }

  /**
   * Adds a family contact to a household.
   *
   * @throws NotFoundException when there is no such household
   * @throws FieldException naming the field that is wrong, or {@code phone} when the household has
   *     a contact with this phone already
   */
  public Recipient addContact(String householdId, RecipientForm form) {
    Recipient r =
        RecipientChecks.check(
            form, RecipientChecks.familyRole(form.role()), newId("hc-"), householdId, null);
    return db.inTransaction(
        "adding a contact to household " + householdId,
        c -> {
          if (!Rows.exists(c, "households", householdId)) {
            throw new NotFoundException("household", householdId);
          }
          refuseSamePhone(c, "household_contacts", "household_id", householdId, r.phone());
          insert(c, "household_contacts", "household_id", householdId, r);
          return r;
        });
  }

  /**
   * Adds a grid worker or staff member to a unit.
   *
   * @throws NotFoundException when there is no such unit
   * @throws FieldException naming the field that is wrong, or {@code phone} when the unit has a
   *     person with this phone already
   */
  public Recipient addStaff(String unitId, RecipientForm form) {
    Recipient r =
        RecipientChecks.check(
            form, RecipientChecks.staffRole(form.role()), newId("us-"), null, unitId);
    return db.inTransaction(
        "adding a person to unit " + unitId,
        c -> {
          if (!Rows.exists(c, "units", unitId)) {
            throw new NotFoundException("unit", unitId);
          }
          refuseSamePhone(c, "unit_staff", "unit_id", unitId, r.phone());
          insert(c, "unit_staff", "unit_id", unitId, r);
          return r;
        });
  }

  /** A household's contacts, oldest first; empty for an unknown household. */
  public List<Recipient> contacts(String householdId) {
    return db.once(
        "listing the contacts of household " + householdId, c -> contacts(c, householdId));
  }

  /** The grid workers and staff of exactly this unit, oldest first. */
  public List<Recipient> staff(String unitId) {
    return db.once("listing the people of unit " + unitId, c -> staff(c, unitId));
  }

  /**
   * @throws NotFoundException when the household has no contact {@code contactId}
   */
  public void deleteContact(String householdId, String contactId) {
    db.once(
        "deleting contact " + contactId,
        c -> {
          if (Rows.update(
                  c,
                  "DELETE FROM household_contacts WHERE id = ? AND household_id = ?",
                  contactId,
                  householdId)
              == 0) {
            throw new NotFoundException("contact", contactId + " of household " + householdId);
          }
          return null;
        });
  }

  /**
   * Opts one household contact out (the family asked through the API); other recipients with the
   * same phone stay as they are, unlike a STOP reply.
   *
   * @throws NotFoundException when the household has no contact {@code contactId}
   */
  public Recipient optOutContact(String householdId, String contactId) {
    return db.inTransaction(
        "opting out contact " + contactId,
        c -> {
          if (Rows.update(
                  c,
                  "UPDATE household_contacts SET opted_out = TRUE WHERE id = ? AND household_id = ?",
                  contactId,
                  householdId)
              == 0) {
            throw new NotFoundException("contact", contactId + " of household " + householdId);
          }
          return contacts(c, householdId).stream()
              .filter(r -> r.id().equals(contactId))
              .findFirst()
              .orElseThrow();
        });
  }

  /**
   * @throws NotFoundException when the unit has no person {@code staffId}
   */
  public void deleteStaff(String unitId, String staffId) {
    db.once(
        "deleting unit person " + staffId,
        c -> {
          if (Rows.update(c, "DELETE FROM unit_staff WHERE id = ? AND unit_id = ?", staffId, unitId)
              == 0) {
            throw new NotFoundException("staff member", staffId + " of unit " + unitId);
          }
          return null;
        });
  }

  /**
   * Marks everyone with this phone, contacts and staff alike, as opted out: someone replied STOP.
   *
   * @return how many recipients carry this phone
   * @throws FieldException on {@code phone} when it is not E.164
   */
  public int optOut(String phone) {
    return setOptedOut(RecipientChecks.phone(phone), true);
  }

  /** Undoes {@link #optOut(String)} for everyone with this phone; consent is left as it is. */
  public int optIn(String phone) {
    return setOptedOut(RecipientChecks.phone(phone), false);
  }

  private int setOptedOut(String phone, boolean optedOut) {
    return db.inTransaction(
        (optedOut ? "opting out " : "opting in ") + phone,
        c ->
            Rows.update(
                    c,
                    "UPDATE household_contacts SET opted_out = ? WHERE phone = ?",
                    optedOut,
                    phone)
                + Rows.update(
                    c, "UPDATE unit_staff SET opted_out = ? WHERE phone = ?", optedOut, phone));
  }

  static List<Recipient> contacts(Connection c, String householdId) throws SQLException {
    return Rows.list(
        c,
        CONTACT_COLUMNS + " WHERE household_id = ? ORDER BY created_at, id",
        RecipientRepository::map,
        householdId);
  }

  static List<Recipient> staff(Connection c, String unitId) throws SQLException {
    return Rows.list(
        c,
        STAFF_COLUMNS + " WHERE unit_id = ? ORDER BY created_at, id",
        RecipientRepository::map,
        unitId);
  }

  private static void refuseSamePhone(
      Connection c, String table, String ownerColumn, String owner, String phone)
      throws SQLException {
    if (phone == null) {
      return;
    }
    boolean taken =
        Rows.one(
                c,
                "SELECT 1 FROM " + table + " WHERE " + ownerColumn + " = ? AND phone = ?",
                rs -> true,
                owner,
                phone)
            .isPresent();
    if (taken) {
      throw new FieldException("phone", phone + " is already listed for " + owner);
    }
  }

  /** A row of {@code table}; unit people carry their role too. */
  private void insert(Connection c, String table, String ownerColumn, String owner, Recipient r)
      throws SQLException {
    QuietHours q = r.quietHours();
    List<Object> params = new ArrayList<>();
    Collections.addAll(
        params,
        r.id(),
        owner,
        r.name(),
        r.phone(),
        r.pushToken(),
        r.language().id(),
        q == null ? null : q.from(),
        q == null ? null : q.to(),
        r.consent(),
        r.optedOut(),
        clock.instant());
    String columns =
        "id, "
            + ownerColumn
            + ", name, phone, push_token, language, quiet_from, quiet_to, consent, opted_out,"
            + " created_at";
    String values = "?, ?, ?, ?, ?, ?, CAST(? AS TIME), CAST(? AS TIME), ?, ?, ?";
    if (!Recipient.FAMILY.equals(r.role())) {
      columns += ", role";
      values += ", ?";
      params.add(r.role());
    }
    Rows.update(
        c, "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")", params.toArray());
  }

  private String newId(String prefix) {
    StringBuilder id = new StringBuilder(prefix);
    for (int i = 0; i < 10; i++) {
      id.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
    }
    return id.toString();
  }

  static Recipient map(ResultSet rs) throws SQLException {
    LocalTime from = rs.getObject("quiet_from", LocalTime.class);
    LocalTime to = rs.getObject("quiet_to", LocalTime.class);
    return new Recipient(
        rs.getString("id"),
        rs.getString("role"),
        rs.getString("name"),
        rs.getString("phone"),
        rs.getString("push_token"),
        RecipientChecks.language(rs.getString("language")),
        from == null || to == null ? null : new QuietHours(from, to),
        rs.getBoolean("consent"),
        rs.getBoolean("opted_out"),
        rs.getString("household_id"),
        rs.getString("unit_id"));
  }
}
