package io.tandem.api.model;

import io.tandem.protocol.Ipv4Address;
import java.util.List;
import java.util.Objects;

/**
 * An IPv4 subnet and the pools in it that the server leases from.
 *
 * @param network the network address (host bits zero)
 * @param prefixLength the prefix length, 1 to 30 (a subnet must hold at least two hosts)
 * @param pools the leasable ranges: inside the subnet, excluding its network and broadcast addresses, disjoint
 */
public record Subnet(Ipv4Address network, int prefixLength, List<PoolRange> pools) {

    /** @throws IllegalArgumentException naming the rule a value breaks */
    public Subnet {
        Objects.requireNonNull(network, "network");
        if (prefixLength < 1 || prefixLength > 30) {
            throw new IllegalArgumentException("subnet prefix length " + prefixLength + " is not 1 to 30");
        }
        if ((network.value() & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException(
                    "subnet " + network + "/" + prefixLength + " has host bits set in its network address");
        }
        pools = List.copyOf(pools);
        Ipv4Address broadcast = broadcastOf(network, prefixLength);
        for (int i = 0; i < pools.size(); i++) {
            PoolRange pool = pools.get(i);
            if (pool.first().compareTo(network) <= 0 || pool.last().compareTo(broadcast) >= 0) {
                throw new IllegalArgumentException("pool " + pool + " is not inside the hosts of subnet "
                        + network + "/" + prefixLength);
            }
            for (int j = 0; j < i; j++) {
                if (pool.overlaps(pools.get(j))) {
                    throw new IllegalArgumentException("pools " + pools.get(j) + " and " + pool + " overlap");
                }
            }
        }
    }

    /** Parses CIDR notation ({@code "10.0.0.0/24"}) with the given pools. */
    public static Subnet parse(String cidr, List<PoolRange> pools) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("subnet '" + cidr + "' is not ADDRESS/PREFIX");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("subnet '" + cidr + "' has a prefix length that is not a number");
        }
        return new Subnet(Ipv4Address.parse(cidr.substring(0, slash).trim()), prefix, pools);
    }

    private static int mask(int prefixLength) {
        return -1 << (32 - prefixLength);
    }

    /** The subnet mask (option 1). */
    public Ipv4Address mask() {
        return new Ipv4Address(mask(prefixLength));
    }

    private static Ipv4Address broadcastOf(Ipv4Address network, int prefixLength) {
        return new Ipv4Address(network.value() | ~mask(prefixLength));
    }

    /** The directed broadcast address (option 28). */
    public Ipv4Address broadcast() {
        return broadcastOf(network, prefixLength);
    }

    /** True if {@code address} is inside the subnet, network and broadcast addresses included. */
    public boolean contains(Ipv4Address address) {
        return (address.value() & mask(prefixLength)) == network.value();
    }

    /** True if {@code address} lies in one of the subnet's pools. */
    public boolean inPool(Ipv4Address address) {
        return pools.stream().anyMatch(pool -> pool.contains(address));
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
