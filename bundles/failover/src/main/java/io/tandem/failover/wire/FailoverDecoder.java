package io.tandem.failover.wire;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads one failover message with ISC's receive rules (reference §1.2, §1.3): length 12-2048, a defined type,
 * options from the payload offset on (bytes between the header and that offset are skipped), unknown options and
 * options not read in this message type skipped, a repeated option an error, a message digest only as the last
 * option, typed options of their exact size, no option running past the end.
 */
public final class FailoverDecoder {

    private FailoverDecoder() {
    }

    /** Decodes {@code message}, which must be exactly one message. */
    public static FailoverMessage decode(byte[] message) throws FailoverParseException {
        if (message.length < WireLayout.HEADER_LENGTH) {
            throw new FailoverParseException(message.length, "message of " + message.length
                    + " bytes is shorter than the " + WireLayout.HEADER_LENGTH + "-byte header");
        }
        int declared = declaredLength(message, 0);
        if (declared != message.length) {
            throw new FailoverParseException(WireLayout.LENGTH,
                    "message length " + declared + " but " + message.length + " bytes given");
        }
        return decodeFrame(message);
    }

    /**
     * The message length at {@code offset}, refused unless ISC would accept it; a stream reader calls this before
     * it buffers anything, so a hostile length never sizes an allocation.
     */
    static int declaredLength(byte[] bytes, int offset) throws FailoverParseException {
        int declared = BigEndian.u16(bytes, offset + WireLayout.LENGTH);
        if (declared < WireLayout.HEADER_LENGTH) {
            throw new FailoverParseException(WireLayout.LENGTH, "message length " + declared
                    + " is shorter than the " + WireLayout.HEADER_LENGTH + "-byte header");
        }
        if (declared > WireLayout.MAX_MESSAGE_LENGTH) {
            throw new FailoverParseException(WireLayout.LENGTH, "message length " + declared
                    + " exceeds the maximum of " + WireLayout.MAX_MESSAGE_LENGTH);
        }
        return declared;
    }

    /** Decodes {@code length} bytes at {@code offset} whose length field was already checked to be {@code length}. */
    static FailoverMessage decode(byte[] bytes, int offset, int length) throws FailoverParseException {
        return decodeFrame(offset == 0 && length == bytes.length ? bytes
                : Arrays.copyOfRange(bytes, offset, offset + length));
    }

    private static FailoverMessage decodeFrame(byte[] message) throws FailoverParseException {
        int typeCode = BigEndian.u8(message, WireLayout.TYPE);
        Optional<MessageType> type = MessageType.fromCode(typeCode);
        if (type.isEmpty()) {
            throw new FailoverParseException(WireLayout.TYPE, "message type " + typeCode + " is not defined");
        }
        int payloadOffset = BigEndian.u8(message, WireLayout.PAYLOAD_OFFSET);
        if (payloadOffset < WireLayout.HEADER_LENGTH) {
            throw new FailoverParseException(WireLayout.PAYLOAD_OFFSET, "payload offset " + payloadOffset
                    + " points into the " + WireLayout.HEADER_LENGTH + "-byte header");
        }
        if (payloadOffset > message.length) {
            throw new FailoverParseException(WireLayout.PAYLOAD_OFFSET, "payload offset " + payloadOffset
                    + " is beyond the message length " + message.length);
        }
        Header header = new Header(Instant.ofEpochSecond(BigEndian.u32(message, WireLayout.TIME)),
                BigEndian.u32(message, WireLayout.XID));
        return MessageAssembler.assemble(type.get(), header, readOptions(message, type.get(), payloadOffset));
    }

    private static ReceivedOptions readOptions(byte[] message, MessageType type, int payloadOffset)
            throws FailoverParseException {
        ReceivedOptions options = new ReceivedOptions(message);
        int position = payloadOffset;
        while (position < message.length) {
            int remaining = message.length - position;
            if (remaining < WireLayout.OPTION_HEADER_LENGTH) {
                throw new FailoverParseException(position, "option header needs "
                        + WireLayout.OPTION_HEADER_LENGTH + " bytes, " + remaining + " remain");
            }
            int code = BigEndian.u16(message, position);
            int length = BigEndian.u16(message, position + 2);
            int valueOffset = position + WireLayout.OPTION_HEADER_LENGTH;
            int end = valueOffset + length;
            if (end > message.length) {
                throw new FailoverParseException(position, "option " + code + " of length " + length
                        + " overruns the end of the message by " + (end - message.length));
            }
            Optional<OptionCode> option = OptionCode.fromCode(code);
            if (option.isPresent()) {
                accept(options, type, option.get(), position, valueOffset, length, end == message.length);
            }
            position = end;
        }
        return options;
    }

    private static void accept(ReceivedOptions options, MessageType type, OptionCode option, int position,
            int valueOffset, int length, boolean last) throws FailoverParseException {
        if (option == OptionCode.MESSAGE_DIGEST) {
            // ISC requires the digest to be last (the draft says first) and then ignores it.
            if (!last) {
                throw new FailoverParseException(position, option + " is not the last option");
            }
            return;
        }
        if (!type.parses(option)) {
            return;
        }
        Optional<String> lengthProblem = option.lengthProblem(length);
        if (lengthProblem.isPresent()) {
            throw new FailoverParseException(position, lengthProblem.get());
        }
        if (!options.add(option, valueOffset, length)) {
            throw new FailoverParseException(position, option + " appears twice");
        }
    }
}
