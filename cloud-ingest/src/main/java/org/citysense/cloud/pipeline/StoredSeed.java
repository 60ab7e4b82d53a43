package org.citysense.cloud.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.evaluate.DeviceContext;
import org.citysense.cloud.evaluate.Seed;
import org.citysense.cloud.evaluate.SubjectKey;
import org.citysense.cloud.registry.JdbcRuleDirectory;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.cloud.store.StoredReading;

/**
 * The {@link Seed} the registry and the stores give: open events from the events table, gateways'
 * last contacts from the registry, devices' newest readings from the reading store (asked {@value
 * #CHUNK} devices at a time). Each is read once, when a rule first asks.
 */
public final class StoredSeed implements Seed {
  static final int CHUNK = 100;

  private final Transactions db;
  private final JdbcRuleDirectory directory;
  private final ReadingStore readings;
  private Map<String, List<SubjectKey>> raised;
  private Map<String, Instant> contacts;
  private Map<DeviceContext, Instant> lastReadings;

  public StoredSeed(DataSource dataSource, JdbcRuleDirectory directory, ReadingStore readings) {
    this.db = new Transactions(dataSource);
    this.directory = directory;
    this.readings = readings;
  }

  @Override
  public synchronized List<SubjectKey> raised(String ruleId) {
    if (raised == null) {
      Map<String, List<SubjectKey>> byRule = new HashMap<>();
      db.once(
          "reading the open events",
          c ->
              Rows.list(
                  c,
                  "SELECT rule_id, subject_kind, subject_id FROM events"
                      + " WHERE active_key IS NOT NULL",
                  rs ->
                      byRule
                          .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                          .add(new SubjectKey(rs.getString(2), rs.getString(3)))));
      raised = byRule;
    }
    return raised.getOrDefault(ruleId, List.of());
  }

  @Override
  public synchronized Map<String, Instant> gatewayContacts() {
    if (contacts == null) {
      Map<String, Instant> found = new HashMap<>();
      db.once(
          "reading the gateways' last contacts",
          c ->
              Rows.list(
                  c,
                  "SELECT id, last_contact FROM gateways WHERE last_contact IS NOT NULL",
                  rs -> found.put(rs.getString("id"), Times.get(rs, "last_contact"))));
      contacts = found;
    }
    return contacts;
  }

  @Override
  public synchronized Map<DeviceContext, Instant> lastReadings() {
    if (lastReadings == null) {
      lastReadings = newest(directory::allDevices);
    }
    return lastReadings;
  }

  private Map<DeviceContext, Instant> newest(Supplier<List<DeviceContext>> devices) {
    Map<String, DeviceContext> byId = new HashMap<>();
    for (DeviceContext d : devices.get()) {
      byId.put(d.deviceId(), d);
    }
    List<String> ids = new ArrayList<>(byId.keySet());
    Map<DeviceContext, Instant> found = new HashMap<>();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      for (StoredReading r : readings.latest(ids.subList(i, Math.min(ids.size(), i + CHUNK)))) {
        Instant at = Instant.ofEpochMilli(r.reading().ts());
        found.merge(byId.get(r.reading().deviceId()), at, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    return found;
  }
}
