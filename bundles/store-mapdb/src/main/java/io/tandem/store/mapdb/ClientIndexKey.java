package io.tandem.store.mapdb;

import io.tandem.api.model.ClientId;
import io.tandem.protocol.Ipv4Address;
import java.nio.ByteBuffer;

/**
 * Keys of the client index: {@code u16 length, ClientId.toKey(), u32 address}. The length prefix keeps one
 * client's keys apart from those of a client whose identity merely starts with the same bytes; the address last
 * makes the keys of one client sort in address order under MapDB's unsigned byte-array comparison.
 */
final class ClientIndexKey {

    private static final int LENGTH_BYTES = 2;
    private static final int ADDRESS_BYTES = 4;

    private ClientIndexKey() {
    }

    static byte[] of(ClientId client, Ipv4Address address) {
        return compose(client, address.value());
    }

    /** The lowest key {@code client} can have. */
    static byte[] first(ClientId client) {
        return compose(client, 0);
    }

    /** The highest key {@code client} can have. */
    static byte[] last(ClientId client) {
        return compose(client, -1);
    }

    static Ipv4Address addressOf(byte[] key) {
        return Ipv4Address.fromBytes(key, key.length - ADDRESS_BYTES);
    }

    static ClientId clientOf(byte[] key) {
        int length = ByteBuffer.wrap(key).getShort() & 0xffff;
        byte[] clientKey = new byte[length];
        System.arraycopy(key, LENGTH_BYTES, clientKey, 0, length);
        return ClientId.fromKey(clientKey);
    }

    private static byte[] compose(ClientId client, int address) {
        byte[] clientKey = client.toKey();
        return ByteBuffer.allocate(LENGTH_BYTES + clientKey.length + ADDRESS_BYTES)
                .putShort((short) clientKey.length)
                .put(clientKey)
                .putInt(address)
                .array();
    }
}
