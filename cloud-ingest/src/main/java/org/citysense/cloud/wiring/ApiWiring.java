package org.citysense.cloud.wiring;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.citysense.cloud.api.Access;
import org.citysense.cloud.api.OpenStreams;
import org.citysense.cloud.auth.AccountService;
import org.citysense.cloud.auth.EnrollmentService;
import org.citysense.cloud.auth.EnrollmentThrottle;
import org.citysense.cloud.auth.Passwords;
import org.citysense.cloud.auth.SessionService;
import org.citysense.cloud.auth.SignInThrottle;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.auth.UnitScope;
import org.citysense.cloud.notify.JdbcRecipientDirectory;
import org.citysense.cloud.notify.RecipientDirectory;
import org.citysense.cloud.notify.RecipientRepository;
import org.citysense.cloud.registry.BulkImport;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.StationLevels;
import org.citysense.cloud.registry.StationRepository;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.profiles.load.DeviceReader;
import org.citysense.profiles.load.ProfileCatalog;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the plain-Java registry and enrollment behind the REST resources of {@code /api/v1}. */
@ApplicationScoped
public class ApiWiring {
  private final ProfileCatalog profiles = ProfileCatalog.bundled();

  @Produces
  @Singleton
  UnitRepository units(DataSource ds) {
    return new UnitRepository(ds);
  }

  @Produces
  @Singleton
  StationRepository stations(DataSource ds) {
    return new StationRepository(ds);
  }

  @Produces
  @Singleton
  HouseholdRepository households(DataSource ds) {
    return new HouseholdRepository(ds);
  }

  @Produces
  @Singleton
  GatewayRepository gateways(DataSource ds) {
    return new GatewayRepository(ds);
  }

  @Produces
  @Singleton
  DeviceRepository devices(DataSource ds, Clock clock) {
    return new DeviceRepository(ds, profiles.ids(), clock);
  }

  @Produces
  @Singleton
  BulkImport bulkImport(DataSource ds, DeviceRepository devices) {
    return new BulkImport(ds, new DeviceReader(profiles), devices);
  }

  @Produces
  @Singleton
  EnrollmentService enrollment(
      DataSource ds, GatewayRepository gateways, TokenService tokens, Clock clock) {
    return new EnrollmentService(ds, gateways, tokens, clock);
  }

  @Produces
  @Singleton
  EnrollmentThrottle enrollmentThrottle(
      @ConfigProperty(name = "citysense.enrollment.max-failures", defaultValue = "10")
          int maxFailures,
      @ConfigProperty(name = "citysense.enrollment.failure-window", defaultValue = "15M")
          Duration window,
      Clock clock) {
    return new EnrollmentThrottle(maxFailures, window, clock);
  }

  @Produces
  @Singleton
  StationLevels stationLevels(DataSource ds) {
    return new StationLevels(ds);
  }

  @Produces
  @Singleton
  RecipientRepository recipients(DataSource ds, Clock clock) {
    return new RecipientRepository(ds, clock);
  }

  @Produces
  @Singleton
  RecipientDirectory recipientDirectory(DataSource ds) {
    return new JdbcRecipientDirectory(ds);
  }

  @Produces
  @Singleton
  AccountService accounts(
      DataSource ds,
      Clock clock,
      @ConfigProperty(name = "citysense.console.bcrypt-cost", defaultValue = "12") int cost) {
    return new AccountService(ds, new Passwords(cost), clock);
  }

  @Produces
  @Singleton
  SessionService sessions(
      DataSource ds,
      AccountService accounts,
      Clock clock,
      @ConfigProperty(name = "citysense.console.session-lifetime", defaultValue = "12H")
          Duration lifetime) {
    return new SessionService(ds, accounts, clock, lifetime);
  }

  @Produces
  @Singleton
  SignInThrottle signInThrottle(
      @ConfigProperty(name = "citysense.console.max-failed-sign-ins", defaultValue = "10")
          int maxFailures,
      @ConfigProperty(name = "citysense.console.failed-sign-in-window", defaultValue = "15M")
          Duration window,
      Clock clock) {
    return new SignInThrottle(new EnrollmentThrottle(maxFailures, window, clock));
  }

  /** Streams opened with a token or a console session: each asked of its own store. */
  @Produces
  @Singleton
  OpenStreams openStreams(TokenService tokens, SessionService sessions) {
    return new OpenStreams(
        ids -> {
          Map<Boolean, List<String>> bySession =
              ids.stream()
                  .collect(
                      Collectors.partitioningBy(
                          id -> id.startsWith(SessionService.SESSION_PREFIX)));
          Map<String, Boolean> active = new HashMap<>(tokens.activity(bySession.get(false)));
          active.putAll(sessions.activity(bySession.get(true)));
          return active;
        });
  }

  /** Looked up when used: it is made here. */
  @Inject Instance<OpenStreams> openStreams;

  /**
   * Ends the event streams of revoked tokens, also those revoked on another node. Like every
   * scheduled job here, skipped while the service starts or stops: a run during the stop found its
   * beans gone and logged an ERROR (CleanStartIT).
   */
  @Scheduled(
      every = "${citysense.api.stream-recheck:5s}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void recheckStreams() {
    openStreams.get().check();
  }

  @Inject Instance<SessionService> sessions;

  /** Expired sessions let nobody in; this only keeps their table small. */
  @Scheduled(every = "1h", delayed = "1m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void sweepSessions() {
    sessions.get().sweep();
  }

  @Produces
  @Singleton
  Access access(UnitRepository units) {
    return new Access(new UnitScope(units));
  }
}
