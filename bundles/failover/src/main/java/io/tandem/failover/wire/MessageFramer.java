package io.tandem.failover.wire;

import java.util.function.Consumer;

/**
 * Cuts the byte stream of one TCP connection into failover messages, whatever the segment boundaries: a chunk may
 * hold several messages, and a message may arrive over several chunks. At most one message (2048 bytes) is
 * buffered, and a length field is checked before anything is buffered for it.
 *
 * <p>One instance per connection, used by one thread at a time. After a {@link FailoverParseException} the stream
 * has no recoverable message boundary (ISC drops the connection): every later call throws the same exception.
 */
public final class MessageFramer {

    private final byte[] pending = new byte[WireLayout.MAX_MESSAGE_LENGTH];
    private int pendingLength;
    private FailoverParseException failure;

    /**
     * Hands every message completed by {@code length} bytes of {@code chunk} from {@code offset} to {@code sink},
     * in stream order, and keeps the remainder for the next chunk. Messages before a malformed one are delivered
     * before the exception is thrown.
     */
    public void feed(byte[] chunk, int offset, int length, Consumer<? super FailoverMessage> sink)
            throws FailoverParseException {
        if (failure != null) {
            throw failure;
        }
        try {
            read(chunk, offset, offset + length, sink);
        } catch (FailoverParseException e) {
            failure = e;
            throw e;
        }
    }

    /** Bytes received of a message not yet complete. */
    public int bufferedBytes() {
        return pendingLength;
    }

    private void read(byte[] chunk, int position, int end, Consumer<? super FailoverMessage> sink)
            throws FailoverParseException {
        while (position < end) {
            if (pendingLength == 0 && end - position >= WireLayout.LENGTH_FIELD_SIZE) {
                // Whole messages inside the chunk are decoded where they lie, without passing through the buffer.
                int declared = FailoverDecoder.declaredLength(chunk, position);
                if (end - position >= declared) {
                    sink.accept(FailoverDecoder.decode(chunk, position, declared));
                    position += declared;
                    continue;
                }
            }
            int wanted = pendingLength < WireLayout.LENGTH_FIELD_SIZE ? WireLayout.LENGTH_FIELD_SIZE
                    : FailoverDecoder.declaredLength(pending, 0);
            int taken = Math.min(wanted - pendingLength, end - position);
            System.arraycopy(chunk, position, pending, pendingLength, taken);
            pendingLength += taken;
            position += taken;
            if (pendingLength >= WireLayout.LENGTH_FIELD_SIZE) {
                int declared = FailoverDecoder.declaredLength(pending, 0);
                if (pendingLength == declared) {
                    pendingLength = 0;
                    sink.accept(FailoverDecoder.decode(pending, 0, declared));
                }
            }
        }
    }
}
