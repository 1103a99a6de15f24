package io.tandem.shell.admin;

import io.tandem.api.ServerAdministration;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.PoolRange;
import io.tandem.api.model.Subnet;
import java.util.ArrayList;
import java.util.List;

/**
 * Who owns each served subnet's free addresses in a pair: FREE ones are the primary's to allocate, BACKUP ones the
 * secondary's. An address of a pool with no stored lease counts as FREE, as it does for core.
 */
public final class FailoverPools {

    /** Columns of the table, one {@link #rows} row per served subnet. */
    public static final List<String> COLUMNS = List.of("Subnet", "Pool size", "FREE (primary)", "BACKUP (secondary)");

    private FailoverPools() {
    }

    public static List<List<String>> rows(ServerAdministration admin) {
        List<List<String>> rows = new ArrayList<>();
        for (Subnet subnet : admin.subnets()) {
            long size = subnet.pools().stream().mapToLong(PoolRange::size).sum();
            long[] notFreeAndBackup = new long[2];
            admin.forEachLease(subnet, lease -> {
                if (subnet.inPool(lease.address()) && lease.state() != BindingState.OFFERED) {
                    notFreeAndBackup[0] += lease.state() == BindingState.FREE ? 0 : 1;
                    notFreeAndBackup[1] += lease.state() == BindingState.BACKUP ? 1 : 0;
                }
            });
            rows.add(List.of(subnet.toString(), Long.toString(size), Long.toString(size - notFreeAndBackup[0]),
                    Long.toString(notFreeAndBackup[1])));
        }
        return rows;
    }
}
