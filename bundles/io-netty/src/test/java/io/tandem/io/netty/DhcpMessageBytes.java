package io.tandem.io.netty;

/** Edits of encoded messages that the codec's builders refuse to make. */
final class DhcpMessageBytes {

    private DhcpMessageBytes() {
    }

    static byte[] withOp(byte[] message, int op) {
        byte[] copy = message.clone();
        copy[0] = (byte) op;
        return copy;
    }
}
