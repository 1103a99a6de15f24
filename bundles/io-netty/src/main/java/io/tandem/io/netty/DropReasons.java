package io.tandem.io.netty;

import io.tandem.protocol.DhcpParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The short, stable keys under which dropped datagrams are counted ({@code TrafficStatistics.dropped}). A
 * malformed datagram's key names the class of problem and never an offset or a value, so that garbage cannot
 * grow the set of keys: at most one key per interpreted option plus a handful.
 */
final class DropReasons {

    static final String NOT_A_REQUEST = "not-a-request";
    static final String BOOTP = "bootp-unsupported";
    static final String OVERLOADED = "overloaded";
    static final String HANDLER_FAILED = "handler-failed";
    static final String ENCODE_FAILED = "encode-failed";
    static final String SEND_FAILED = "send-failed";
    static final String CHANNEL_CLOSED = "channel-closed";

    private static final String MALFORMED = "malformed:";
    /** The decoder's rule violations start with "option N length ..." or "option N: ..." or "option N value ...". */
    private static final Pattern OPTION_RULE = Pattern.compile("^option (\\d{1,3})[ :]");

    private DropReasons() {
    }

    /** The key of a datagram the decoder rejected, from the decoder's reason text (see DhcpDecoder). */
    static String malformed(DhcpParseException e) {
        String reason = e.getReason();
        if (reason.contains("shorter than the 236-byte header")) {
            return MALFORMED + "truncated";
        }
        if (reason.startsWith("hlen ")) {
            return MALFORMED + "hlen";
        }
        if (reason.startsWith("magic cookie")) {
            return MALFORMED + "magic-cookie";
        }
        if (reason.contains("runs past the end") || reason.contains("has no length byte")) {
            return MALFORMED + "option-overrun";
        }
        if (reason.contains("after END")) {
            return MALFORMED + "after-end";
        }
        if (reason.contains("(option duplicated")) {
            return MALFORMED + "option-duplicated";
        }
        if (reason.startsWith("option 52 (overload) inside")) {
            return MALFORMED + "overload-misplaced";
        }
        Matcher option = OPTION_RULE.matcher(reason);
        if (option.find()) {
            return MALFORMED + "option-" + option.group(1);
        }
        return MALFORMED + "other";
    }
}
