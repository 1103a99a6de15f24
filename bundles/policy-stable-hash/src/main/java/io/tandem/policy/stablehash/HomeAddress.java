package io.tandem.policy.stablehash;

import io.tandem.api.model.ClientId;
import io.tandem.api.model.PoolRange;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.Ipv4Address;

/**
 * A client's home address in a subnet: its identity hashed to one position among the pool addresses (the pools
 * taken in order, each address once). The same identity and pools always give the same home, on every server and
 * after any restart; sequential identities (MACs bought in a batch) land spread over the whole pool.
 */
final class HomeAddress {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private HomeAddress() {
    }

    static Ipv4Address of(ClientId client, Subnet subnet) {
        long size = 0;
        for (PoolRange pool : subnet.pools()) {
            size += pool.size();
        }
        long position = Long.remainderUnsigned(hash(client.toKey()), size);
        for (PoolRange pool : subnet.pools()) {
            if (position < pool.size()) {
                return new Ipv4Address((int) (pool.first().toUnsigned() + position));
            }
            position -= pool.size();
        }
        throw new IllegalStateException("position beyond the pools of " + subnet);
    }

    /**
     * FNV-1a over the bytes, then a 64-bit avalanche finalizer: FNV alone leaves identities that differ in their
     * last byte close together in the low bits, which is what the position is taken from.
     */
    static long hash(byte[] identity) {
        long hash = FNV_OFFSET;
        for (byte b : identity) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }
}
