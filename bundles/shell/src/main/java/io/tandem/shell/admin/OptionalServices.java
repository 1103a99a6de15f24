package io.tandem.shell.admin;

import io.tandem.api.FailoverAdministration;
import io.tandem.api.IscMigration;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The services the console and JMX use only when they are there: the failover relationship (running only while one
 * is configured) and the ISC importer (its feature may not be installed). Commands hold this instead of an optional
 * {@code @Reference} of their own: Karaf unregisters and registers again every command of a bundle whenever one of
 * their optional services comes or goes, and a command typed in that moment, any {@code dhcp:} command, is "not
 * found". This one stays registered while the shell bundle runs. The bind methods are DS's.
 */
@Component(service = OptionalServices.class, immediate = true)
public final class OptionalServices {

    /** Why the pair's files (audit, export) cannot be worked on: said alike by the console and JMX. */
    public static final String NO_PAIR = "no failover relationship running: there is no pair to audit";

    private volatile FailoverAdministration failover;
    private volatile IscMigration migration;

    /** The running failover relationship, if any. */
    public Optional<FailoverAdministration> failover() {
        return Optional.ofNullable(failover);
    }

    /** The ISC importer, if its feature is installed. */
    public Optional<IscMigration> migration() {
        return Optional.ofNullable(migration);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void bindFailover(FailoverAdministration relationship) {
        this.failover = relationship;
    }

    public void unbindFailover(FailoverAdministration relationship) {
        if (this.failover == relationship) {
            this.failover = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void bindMigration(IscMigration importer) {
        this.migration = importer;
    }

    public void unbindMigration(IscMigration importer) {
        if (this.migration == importer) {
            this.migration = null;
        }
    }
}
