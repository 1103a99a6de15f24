package io.tandem.api;

import java.util.Objects;

/**
 * One allocation policy as the operator sees it.
 *
 * @param name the policy's name ({@link AllocationPolicy#name()}); {@value #FALLBACK} for core's own fallback
 * @param bundle the symbolic name of the bundle providing it; {@code tandem-core} for the fallback
 * @param ranking its {@code service.ranking}
 * @param active whether new clients get their addresses from it now
 * @param served offers made with an address it proposed
 * @param refused its proposals core refused (the address was not allocatable)
 * @param failed requests it threw on or did not answer within the deadline
 */
public record PolicyStatus(String name, String bundle, int ranking, boolean active, long served, long refused,
                           long failed) {

    /** The name of core's fallback: the address free the longest, used when no policy is installed or one fails. */
    public static final String FALLBACK = "longest-free";

    public PolicyStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bundle, "bundle");
    }
}
