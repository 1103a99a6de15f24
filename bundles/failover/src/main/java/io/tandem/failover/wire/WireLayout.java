package io.tandem.failover.wire;

/** Offsets and sizes of the failover message header and options (reference §1.2, §1.3); all big-endian. */
final class WireLayout {

    /** Message length, 2 bytes: the whole message including this field. */
    static final int LENGTH = 0;
    static final int LENGTH_FIELD_SIZE = 2;
    /** Message type, 1 byte. */
    static final int TYPE = 2;
    /** Offset of the first option from byte 0, 1 byte. ISC sends 12; the draft's 8 would point into the header. */
    static final int PAYLOAD_OFFSET = 3;
    /** Sender's clock, 4 bytes of seconds since 1970 UTC. */
    static final int TIME = 4;
    /** Transaction id, 4 bytes. */
    static final int XID = 8;
    static final int HEADER_LENGTH = 12;
    /** ISC drops a connection whose message length exceeds this, so neither side may send more. */
    static final int MAX_MESSAGE_LENGTH = 2048;
    /** Option code (2 bytes) and option length (2 bytes) before each value. */
    static final int OPTION_HEADER_LENGTH = 4;

    private WireLayout() {
    }
}
