package io.tandem.protocol;

import static io.tandem.protocol.WireLayout.COOKIE;
import static io.tandem.protocol.WireLayout.HEADER_LENGTH;
import static io.tandem.protocol.WireLayout.MAGIC_COOKIE;
import static io.tandem.protocol.WireLayout.MIN_MESSAGE_LENGTH;
import static io.tandem.protocol.WireLayout.OPTIONS;

import io.tandem.protocol.OptionPacker.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Turns a {@link DhcpMessage} into a UDP payload. Every output is well-formed: the header, the magic cookie,
 * the options (options longer than 255 bytes split into several instances, RFC 3396), END, and zero padding up
 * to 300 bytes, the BOOTP minimum that some relays and old clients still enforce.
 *
 * <p>{@link #encode(DhcpMessage)} writes the options in the message's order, all in the options field.
 * {@link #encodeReply(DhcpMessage, DhcpMessage)} writes a server reply that the requesting client can accept:
 * <ol>
 * <li><b>Size limit.</b> Option 57 of the request counts the whole IP datagram, IP and UDP headers included:
 *     RFC 2132 §9.10 sets its minimum at 576, the IP datagram every host must accept (RFC 2131 §2 turns that
 *     into a 548-byte DHCP message), and ISC dhcpd subtracts the 28 header bytes likewise. So the reply may
 *     use {@code max(576, option 57) - 28} bytes, or 548 without option 57. It is capped at 1472 bytes (a
 *     1500-byte Ethernet MTU less the headers), because the codec does not know the link MTU and DHCP
 *     replies should not be fragmented. See {@link #maxReplyLength(DhcpMessage)}.</li>
 * <li><b>Order.</b> Message type (53), server identifier (54), lease time (51) and relay agent information
 *     (82) come first; then the options named in the request's parameter request list (55), in its order;
 *     then the remaining options in the reply's order.</li>
 * <li><b>Too big?</b> In this order, until the reply fits:
 *     <ol>
 *     <li>overload: options that do not fit in the options field continue in the file field, then the sname
 *         field (option 52), but only in fields the reply leaves blank;</li>
 *     <li>drop the options the client did not request, last one first;</li>
 *     <li>drop the requested options from the end of the parameter request list backwards.</li>
 *     </ol>
 *     Options 53, 54, 51 and 82 are never dropped: if they alone do not fit, the reply is a server bug and
 *     encoding throws {@link IllegalArgumentException}.</li>
 * </ol>
 */
public final class DhcpEncoder {

    /** Largest UDP payload in an IPv4 datagram (65535 less 20 IP and 8 UDP header bytes). */
    private static final int MAX_UDP_PAYLOAD = 65_507;
    private static final int IP_AND_UDP_HEADERS = 28;
    /** The IP datagram size every host must accept (RFC 791, RFC 2131 §2). */
    private static final int MIN_DATAGRAM = 576;
    private static final int ETHERNET_MTU = 1500;
    private static final int END_LENGTH = 1;
    private static final int OVERLOAD_OPTION_LENGTH = 3;

    private DhcpEncoder() {
    }

    /**
     * Encodes {@code message} with its options in order, all in the options field.
     *
     * @throws IllegalArgumentException if the options exceed what one UDP datagram can carry
     */
    public static byte[] encode(DhcpMessage message) {
        DhcpOptions options = message.options();
        int[] order = IntStream.range(0, options.size()).toArray();
        Layout layout = OptionPacker.pack(options, order, order.length, new OptionArea[] {OptionArea.OPTIONS_FIELD},
                new int[] {MAX_UDP_PAYLOAD - OPTIONS - END_LENGTH});
        if (layout == null) {
            throw new IllegalArgumentException("options do not fit in a UDP datagram of " + MAX_UDP_PAYLOAD + " bytes");
        }
        return write(message, layout);
    }

    /**
     * Encodes {@code reply} to fit what the client that sent {@code request} accepts, as described in the class
     * documentation.
     *
     * @throws IllegalArgumentException if even options 53, 54, 51 and 82 of the reply do not fit
     */
    public static byte[] encodeReply(DhcpMessage reply, DhcpMessage request) {
        int maxLength = maxReplyLength(request);
        ReplyOptionOrder order = new ReplyOptionOrder(reply.options(), request.parameterRequestList());
        do {
            Layout layout = fit(reply, order, maxLength);
            if (layout != null) {
                return write(reply, layout);
            }
        } while (order.dropLast());
        throw new IllegalArgumentException("reply does not fit in " + maxLength
                + " bytes even with only its mandatory options 53, 54, 51 and 82: " + reply.options());
    }

    /**
     * The largest DHCP message (UDP payload) the client that sent {@code request} accepts:
     * {@code min(max(576, option 57), 1500) - 28}, or 548 without option 57.
     */
    public static int maxReplyLength(DhcpMessage request) {
        int datagram = request.maxMessageSize().orElse(MIN_DATAGRAM);
        return Math.min(Math.max(datagram, MIN_DATAGRAM), ETHERNET_MTU) - IP_AND_UDP_HEADERS;
    }

    /**
     * Lays out the kept options in the options field alone, else with overload into the blank fields; null if
     * neither fits.
     */
    private static Layout fit(DhcpMessage message, ReplyOptionOrder order, int maxLength) {
        int optionsFieldCapacity = maxLength - OPTIONS - END_LENGTH;
        Layout layout = OptionPacker.pack(message.options(), order.order(), order.keptCount(),
                new OptionArea[] {OptionArea.OPTIONS_FIELD}, new int[] {optionsFieldCapacity});
        if (layout != null) {
            return layout;
        }
        List<OptionArea> areas = new ArrayList<>(List.of(OptionArea.OPTIONS_FIELD));
        List<Integer> capacities = new ArrayList<>(List.of(optionsFieldCapacity - OVERLOAD_OPTION_LENGTH));
        for (OptionArea field : OptionArea.OVERLOADABLE) {
            if (Bytes.allZero(message.header(), field.start(), field.start() + field.fieldLength())) {
                areas.add(field);
                capacities.add(field.fieldLength() - END_LENGTH);
            }
        }
        if (areas.size() == 1) {
            return null;
        }
        return OptionPacker.pack(message.options(), order.order(), order.keptCount(),
                areas.toArray(new OptionArea[0]), capacities.stream().mapToInt(Integer::intValue).toArray());
    }

    private static byte[] write(DhcpMessage message, Layout layout) {
        int overload = 0;
        for (OptionArea area : OptionArea.IN_ORDER) {
            if (layout.bytesUsed(area) > 0) {
                overload |= area.overloadBit();
            }
        }
        int optionsEnd = OPTIONS + layout.bytesUsed(OptionArea.OPTIONS_FIELD)
                + (overload != 0 ? OVERLOAD_OPTION_LENGTH : 0) + END_LENGTH;
        byte[] out = new byte[Math.max(MIN_MESSAGE_LENGTH, optionsEnd)];
        System.arraycopy(message.header(), 0, out, 0, HEADER_LENGTH);
        Bytes.putI32(out, COOKIE, MAGIC_COOKIE);

        int[] cursors = new int[OptionArea.IN_ORDER.length];
        for (OptionArea area : OptionArea.IN_ORDER) {
            cursors[area.ordinal()] = area.start();
        }
        DhcpOptions options = message.options();
        for (int i = 0; i < layout.size(); i++) {
            int option = layout.option(i);
            int length = layout.length(i);
            int position = cursors[layout.area(i).ordinal()];
            out[position] = (byte) options.code(option);
            out[position + 1] = (byte) length;
            System.arraycopy(options.data(), options.offset(option) + layout.valueOffset(i), out, position + 2, length);
            cursors[layout.area(i).ordinal()] = position + 2 + length;
        }
        if (overload != 0) {
            int position = cursors[OptionArea.OPTIONS_FIELD.ordinal()];
            out[position] = (byte) OptionCode.OPTION_OVERLOAD.code();
            out[position + 1] = 1;
            out[position + 2] = (byte) overload;
            cursors[OptionArea.OPTIONS_FIELD.ordinal()] = position + OVERLOAD_OPTION_LENGTH;
        }
        for (OptionArea area : OptionArea.IN_ORDER) {
            if (area == OptionArea.OPTIONS_FIELD || layout.bytesUsed(area) > 0) {
                out[cursors[area.ordinal()]] = (byte) OptionCode.END.code();
            }
        }
        return out;
    }
}
