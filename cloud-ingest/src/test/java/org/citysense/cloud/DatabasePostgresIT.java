package org.citysense.cloud;

import org.citysense.cloud.auth.AccountContract;
import org.citysense.cloud.auth.AdminBootstrapContract;
import org.citysense.cloud.auth.EnrollmentContract;
import org.citysense.cloud.auth.TokenContract;
import org.citysense.cloud.db.LeaseContract;
import org.citysense.cloud.events.EventContract;
import org.citysense.cloud.ledger.IngestOnDatabaseContract;
import org.citysense.cloud.ledger.LedgerContract;
import org.citysense.cloud.notify.NotificationLogContract;
import org.citysense.cloud.notify.RecipientContract;
import org.citysense.cloud.overview.OverviewContract;
import org.citysense.cloud.pipeline.HandOffLogContract;
import org.citysense.cloud.registry.BulkImportContract;
import org.citysense.cloud.registry.RegistryFieldsContract;
import org.citysense.cloud.registry.UnitContract;
import org.citysense.cloud.testdb.MigrationContract;
import org.citysense.cloud.testdb.PostgresDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every database contract on a real PostgreSQL 15, started for the run (as user postgres). */
@ExtendWith(PostgresDatabase.class)
class DatabasePostgresIT {
  @Nested
  class Migrations extends MigrationContract {}

  @Nested
  class Ledger extends LedgerContract {}

  @Nested
  class HandOffLog extends HandOffLogContract {}

  @Nested
  class Leases extends LeaseContract {}

  @Nested
  class IngestOnDatabase extends IngestOnDatabaseContract {}

  @Nested
  class Tokens extends TokenContract {}

  @Nested
  class Accounts extends AccountContract {}

  @Nested
  class Bootstrap extends AdminBootstrapContract {}

  @Nested
  class Enrollment extends EnrollmentContract {}

  @Nested
  class Units extends UnitContract {}

  @Nested
  class RegistryFields extends RegistryFieldsContract {}

  @Nested
  class Import extends BulkImportContract {}

  @Nested
  class Events extends EventContract {}

  @Nested
  class Recipients extends RecipientContract {}

  @Nested
  class Notifications extends NotificationLogContract {}

  @Nested
  class Overview extends OverviewContract {}
}
