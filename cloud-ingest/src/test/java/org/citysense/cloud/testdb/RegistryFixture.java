package org.citysense.cloud.testdb;

import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.Gateway;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.Household;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.Station;
import org.citysense.cloud.registry.StationRepository;
import org.citysense.cloud.registry.Unit;
import org.citysense.cloud.registry.UnitRepository;

/**
 * One small city: district d1 > street s1 > community c1 > grid g1, with a sibling community c2;
 * station st-01 and household h-101 in c1, and gateway of c1.
 */
public final class RegistryFixture {
  public final UnitRepository units;
  public final StationRepository stations;
  public final HouseholdRepository households;
  public final GatewayRepository gateways;
  public final DeviceRepository devices;
  public final Gateway gateway;

  public RegistryFixture(DataSource db, Clock clock, List<String> profileIds) {
    units = new UnitRepository(db);
    stations = new StationRepository(db);
    households = new HouseholdRepository(db);
    gateways = new GatewayRepository(db);
    devices = new DeviceRepository(db, profileIds, clock);
    units.create(new Unit("d1", null, "district", "Huangpu"));
    units.create(new Unit("s1", "d1", "street", "Nanjing Road"));
    units.create(new Unit("c1", "s1", "community", "Riverside"));
    units.create(new Unit("c2", "s1", "community", "Parkview"));
    units.create(new Unit("g1", "c1", "grid", "Grid 1"));
    stations.create(new Station("st-01", "c1", "Community centre", 31.2304, 121.4737));
    households.create(new Household("h-101", "c1", "Flat 101", "Riverside 3, 101"));
    gateway = gateways.create("c1", "Riverside gateway");
  }
}
