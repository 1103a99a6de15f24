package io.tandem.protocol;

import java.util.Arrays;

/**
 * Lays options out as instances over a sequence of areas, in a given order, without writing anything. Each area
 * is filled in turn; an option that does not fit in the rest of the current area moves on to the next one
 * (later options do not move back). An option of up to 255 bytes stays in one instance, so clients without
 * RFC 3396 support still read it; a longer one is cut into instances of up to 255 bytes that fill the current
 * area before continuing in the next, which RFC 3396 concatenation reassembles in area order.
 */
final class OptionPacker {

    private static final int MAX_INSTANCE_LENGTH = 255;
    private static final int INSTANCE_HEADER = 2;

    private OptionPacker() {
    }

    /** Where each instance goes; see {@link OptionPacker#pack}. */
    static final class Layout {

        private static final int ENTRY_SIZE = 4;

        /** Per instance: option index, offset in the option value, length, area ordinal. */
        private int[] instances = new int[16 * ENTRY_SIZE];
        private int count;
        private final int[] bytesUsed = new int[OptionArea.IN_ORDER.length];

        private void add(int option, int valueOffset, int length, OptionArea area) {
            if ((count + 1) * ENTRY_SIZE > instances.length) {
                instances = Arrays.copyOf(instances, instances.length * 2);
            }
            int entry = count * ENTRY_SIZE;
            instances[entry] = option;
            instances[entry + 1] = valueOffset;
            instances[entry + 2] = length;
            instances[entry + 3] = area.ordinal();
            count++;
            bytesUsed[area.ordinal()] += INSTANCE_HEADER + length;
        }

        int size() {
            return count;
        }

        /** Index of the instance's option in the {@link DhcpOptions} packed. */
        int option(int index) {
            return instances[index * ENTRY_SIZE];
        }

        int valueOffset(int index) {
            return instances[index * ENTRY_SIZE + 1];
        }

        int length(int index) {
            return instances[index * ENTRY_SIZE + 2];
        }

        OptionArea area(int index) {
            return OptionArea.IN_ORDER[instances[index * ENTRY_SIZE + 3]];
        }

        /** Bytes of option instances placed in {@code area}. */
        int bytesUsed(OptionArea area) {
            return bytesUsed[area.ordinal()];
        }
    }

    /**
     * Places the options at {@code order[0..count)} (indexes into {@code options}) into {@code areas}, whose
     * usable sizes are {@code capacities}; returns null if they do not all fit.
     */
    static Layout pack(DhcpOptions options, int[] order, int count, OptionArea[] areas, int[] capacities) {
        Layout layout = new Layout();
        int area = 0;
        int remaining = capacities[0];
        for (int i = 0; i < count; i++) {
            int option = order[i];
            int length = options.length(option);
            if (length <= MAX_INSTANCE_LENGTH) {
                while (INSTANCE_HEADER + length > remaining) {
                    if (++area == areas.length) {
                        return null;
                    }
                    remaining = capacities[area];
                }
                layout.add(option, 0, length, areas[area]);
                remaining -= INSTANCE_HEADER + length;
                continue;
            }
            int placed = 0;
            while (placed < length) {
                if (remaining <= INSTANCE_HEADER) {
                    if (++area == areas.length) {
                        return null;
                    }
                    remaining = capacities[area];
                    continue;
                }
                int chunk = Math.min(Math.min(MAX_INSTANCE_LENGTH, length - placed), remaining - INSTANCE_HEADER);
                layout.add(option, placed, chunk, areas[area]);
                remaining -= INSTANCE_HEADER + chunk;
                placed += chunk;
            }
        }
        return layout;
    }
}
