package io.tandem.protocol;

import java.util.List;

/**
 * The order of a reply's options, which is also the reverse of the order in which they are dropped when the
 * reply is too big (see {@link DhcpEncoder#encodeReply}): first the options that are never dropped, then the
 * options the client asked for in its parameter request list (in its order), then the rest (in the reply's
 * order).
 */
final class ReplyOptionOrder {

    /**
     * Never dropped: message type, server identifier and lease time (RFC 2131 §4.3.1), and the relay agent
     * information, without which the relay cannot forward the reply (RFC 3046 §2.2).
     */
    private static final OptionCode[] MANDATORY = {OptionCode.MESSAGE_TYPE, OptionCode.SERVER_IDENTIFIER,
        OptionCode.LEASE_TIME, OptionCode.RELAY_AGENT_INFORMATION};

    /** Indexes into the reply's options, in layout order; only the first {@link #keptCount} are kept. */
    private final int[] order;
    private final int mandatoryCount;
    private int keptCount;

    ReplyOptionOrder(DhcpOptions options, List<OptionCode> parameterRequestList) {
        order = new int[options.size()];
        boolean[] placed = new boolean[options.size()];
        int count = 0;
        for (OptionCode code : MANDATORY) {
            count = append(options, code.code(), placed, count);
        }
        mandatoryCount = count;
        for (OptionCode code : parameterRequestList) {
            count = append(options, code.code(), placed, count);
        }
        for (int i = 0; i < options.size(); i++) {
            count = append(options, options.code(i), placed, count);
        }
        keptCount = count;
    }

    private int append(DhcpOptions options, int code, boolean[] placed, int count) {
        int index = options.indexOf(code);
        if (index < 0 || placed[index]) {
            return count;
        }
        placed[index] = true;
        order[count] = index;
        return count + 1;
    }

    /** Indexes of the kept options in layout order; read the first {@link #keptCount()}. */
    int[] order() {
        return order;
    }

    int keptCount() {
        return keptCount;
    }

    /** Drops the last kept option unless only mandatory ones remain; returns whether one was dropped. */
    boolean dropLast() {
        if (keptCount == mandatoryCount) {
            return false;
        }
        keptCount--;
        return true;
    }
}
