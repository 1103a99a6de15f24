package io.tandem.api;

import io.tandem.api.model.Subnet;
import java.util.Objects;

/**
 * How the dynamic pools of one subnet are used right now. Reserved addresses are not part of a pool.
 *
 * @param subnet the subnet
 * @param size addresses in its pools
 * @param free addresses a new client could be given
 * @param offered addresses held for a client between DHCPOFFER and DHCPREQUEST
 * @param active addresses bound to a client
 * @param declined addresses a client declined (abandoned), not given out until their hold time ends
 * @param reservedActive reserved addresses bound to their client; reserved addresses are not part of the pools' figures
 */
public record PoolUsage(Subnet subnet, long size, long free, long offered, long active, long declined,
                        long reservedActive) {

    public PoolUsage {
        Objects.requireNonNull(subnet, "subnet");
    }

    /** Share of the pool that is offered, active or declined, 0 to 1; 0 for an empty pool. */
    public double utilization() {
        return size == 0 ? 0 : (double) (offered + active + declined) / size;
    }
}
