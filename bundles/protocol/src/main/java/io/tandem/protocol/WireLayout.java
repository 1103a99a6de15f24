package io.tandem.protocol;

/** Byte offsets and sizes of the fixed BOOTP/DHCP header (RFC 2131 §2, figure 1). */
final class WireLayout {

    static final int OP = 0;
    static final int HTYPE = 1;
    static final int HLEN = 2;
    static final int HOPS = 3;
    static final int XID = 4;
    static final int SECS = 8;
    static final int FLAGS = 10;
    static final int CIADDR = 12;
    static final int YIADDR = 16;
    static final int SIADDR = 20;
    static final int GIADDR = 24;
    static final int CHADDR = 28;
    static final int CHADDR_LENGTH = 16;
    static final int SNAME = 44;
    static final int SNAME_LENGTH = 64;
    static final int FILE = 108;
    static final int FILE_LENGTH = 128;
    /** Length of the header before the magic cookie. */
    static final int HEADER_LENGTH = 236;
    static final int COOKIE = 236;
    static final int MAGIC_COOKIE = 0x63825363;
    /** First byte of the options field, right after the cookie. */
    static final int OPTIONS = 240;
    /** Smallest message BOOTP relays and old clients accept: RFC 951's header with its 64-byte vendor area. */
    static final int MIN_MESSAGE_LENGTH = 300;

    private WireLayout() {
    }
}
