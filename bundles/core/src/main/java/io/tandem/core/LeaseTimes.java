package io.tandem.core;

/**
 * The lease times of a subnet, in seconds, and how a grant is derived from what the client asks for.
 *
 * @param defaultTime granted when the client asks for no particular time
 * @param minTime the shortest grant
 * @param maxTime the longest grant
 * @param renewalTime T1, or 0 for half the grant
 * @param rebindingTime T2, or 0 for 7/8 of the grant
 */
record LeaseTimes(long defaultTime, long minTime, long maxTime, long renewalTime, long rebindingTime) {

    /** The lease time to grant a client that asked for {@code requested} seconds (or nothing, when negative). */
    long grant(long requested) {
        long wanted = requested < 0 ? defaultTime : requested;
        return Math.max(minTime, Math.min(maxTime, wanted));
    }

    /** T1 for a grant of {@code granted} seconds; always below T2 and the grant. */
    long t1(long granted) {
        return renewalTime > 0 && renewalTime < t2(granted) ? renewalTime : granted / 2;
    }

    /** T2 for a grant of {@code granted} seconds; always below the grant. */
    long t2(long granted) {
        return rebindingTime > 0 && rebindingTime < granted ? rebindingTime : granted * 7 / 8;
    }
}
