package io.tandem.shell.testing;

import io.tandem.api.FailoverAdministration;
import io.tandem.api.IscMigration;
import io.tandem.shell.admin.OptionalServices;

/** {@link OptionalServices} as DS binds them; null where the service is not there. */
public final class BoundServices {

    private BoundServices() {
    }

    public static OptionalServices failover(FailoverAdministration relationship) {
        OptionalServices services = new OptionalServices();
        services.bindFailover(relationship);
        return services;
    }

    public static OptionalServices migration(IscMigration importer) {
        OptionalServices services = new OptionalServices();
        services.bindMigration(importer);
        return services;
    }
}
