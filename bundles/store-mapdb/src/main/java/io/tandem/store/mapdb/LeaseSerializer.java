package io.tandem.store.mapdb;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.serializer.GroupSerializerObjectArray;

/**
 * The binary form of one {@link Lease} record. Written by this class only, never by MapDB's reflective
 * serializers, which would capture the wrong class loader inside OSGi.
 *
 * <p>Every record starts with a format byte, so a later layout can be added next to this one and old records
 * stay readable. Format 1:
 * <pre>
 *   u8      format (1)
 *   i32     address
 *   u8      binding state, failover code
 *   u8      flags: 1 client, 2 hardware, 4 hostname, 8 relay agent information, 16 rewind state
 *   client  packed length + ClientId.toKey()           (if flag 1)
 *   hw      u8 htype + u8 hlen + hlen bytes            (if flag 2)
 *   6 x     zig-zag packed epoch seconds: start end tstp tsfp atsfp cltt
 *   host    packed length + UTF-8 bytes                (if flag 4)
 *   relay   packed length + bytes                      (if flag 8)
 *   rewind  u8 binding state, failover code            (if flag 16; records written before it have none)
 * </pre>
 */
final class LeaseSerializer extends GroupSerializerObjectArray<Lease> {

    static final int FORMAT_1 = 1;

    private static final int HAS_CLIENT = 1;
    private static final int HAS_HARDWARE = 2;
    private static final int HAS_HOSTNAME = 4;
    private static final int HAS_RELAY = 8;
    private static final int HAS_REWIND = 16;

    @Override
    public void serialize(DataOutput2 out, Lease lease) throws IOException {
        out.writeByte(FORMAT_1);
        out.writeInt(lease.address().value());
        out.writeByte(lease.state().failoverCode());
        out.writeByte(flagsOf(lease));
        if (lease.client() != null) {
            writeBytes(out, lease.client().toKey());
        }
        HardwareAddress hardware = lease.hardware();
        if (hardware != null) {
            out.writeByte(hardware.type());
            out.writeByte(hardware.length());
            out.write(hardware.bytes());
        }
        for (Instant time : new Instant[] {
                lease.start(), lease.end(), lease.tstp(), lease.tsfp(), lease.atsfp(), lease.cltt()}) {
            out.packLong(zigZag(time.getEpochSecond()));
        }
        if (lease.hostname() != null) {
            writeBytes(out, lease.hostname().getBytes(StandardCharsets.UTF_8));
        }
        if (lease.relayAgentInfo() != null) {
            writeBytes(out, lease.relayAgentInfo());
        }
        if (lease.rewind() != null) {
            out.writeByte(lease.rewind().failoverCode());
        }
    }

    @Override
    public Lease deserialize(DataInput2 in, int available) throws IOException {
        int format = in.readUnsignedByte();
        if (format != FORMAT_1) {
            throw new IOException("lease record has format " + format + "; this code reads format " + FORMAT_1);
        }
        return readFormat1(in);
    }

    private static Lease readFormat1(DataInput2 in) throws IOException {
        Lease.Builder lease = Lease.builder(new Ipv4Address(in.readInt()));
        lease.state(BindingState.ofFailoverCode(in.readUnsignedByte()));
        int flags = in.readUnsignedByte();
        if ((flags & HAS_CLIENT) != 0) {
            lease.client(ClientId.fromKey(readBytes(in)));
        }
        if ((flags & HAS_HARDWARE) != 0) {
            int type = in.readUnsignedByte();
            byte[] address = new byte[in.readUnsignedByte()];
            in.readFully(address);
            lease.hardware(HardwareAddress.of(type, address));
        }
        lease.start(readTime(in)).end(readTime(in)).tstp(readTime(in)).tsfp(readTime(in)).atsfp(readTime(in))
                .cltt(readTime(in));
        if ((flags & HAS_HOSTNAME) != 0) {
            lease.hostname(new String(readBytes(in), StandardCharsets.UTF_8));
        }
        if ((flags & HAS_RELAY) != 0) {
            lease.relayAgentInfo(readBytes(in));
        }
        if ((flags & HAS_REWIND) != 0) {
            lease.rewind(BindingState.ofFailoverCode(in.readUnsignedByte()));
        }
        return lease.build();
    }

    private static int flagsOf(Lease lease) {
        return (lease.client() != null ? HAS_CLIENT : 0)
                | (lease.hardware() != null ? HAS_HARDWARE : 0)
                | (lease.hostname() != null ? HAS_HOSTNAME : 0)
                | (lease.relayAgentInfo() != null ? HAS_RELAY : 0)
                | (lease.rewind() != null ? HAS_REWIND : 0);
    }

    private static void writeBytes(DataOutput2 out, byte[] bytes) throws IOException {
        out.packInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInput2 in) throws IOException {
        byte[] bytes = new byte[in.unpackInt()];
        in.readFully(bytes);
        return bytes;
    }

    private static Instant readTime(DataInput2 in) throws IOException {
        return Instant.ofEpochSecond(unZigZag(in.unpackLong()));
    }

    // Packed longs are unsigned varints; zig-zag keeps pre-1970 times (legal in a Lease) small and non-negative.
    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(long encoded) {
        return (encoded >>> 1) ^ -(encoded & 1);
    }

    @Override
    public boolean isTrusted() {
        return true;
    }
}
