package io.tandem.protocol.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Turns a seed input into one to three random mutations of it, for the decoder fuzz tests; the format-specific
 * mutations are the subclass's {@link #mutateOnce}, the shared byte-level ones are {@link ByteMutations}.
 */
public abstract class SeededMutator {

    protected final Random random;
    protected final List<byte[]> seeds;

    protected SeededMutator(Random random, List<byte[]> seeds) {
        this.random = random;
        this.seeds = seeds;
    }

    /** One to three mutations of a copy of {@code seed}, then {@link #finish}. */
    public byte[] mutate(byte[] seed) {
        byte[] bytes = seed.clone();
        for (int round = 1 + random.nextInt(3); round > 0; round--) {
            bytes = mutateOnce(bytes);
        }
        return finish(bytes);
    }

    /** One mutation: half the time a byte-level one any format meets, else one that knows the format. */
    private byte[] mutateOnce(byte[] bytes) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt()};
        }
        if (random.nextBoolean()) {
            return mutateFormat(bytes);
        }
        return switch (random.nextInt(5)) {
            case 0 -> ByteMutations.flipBits(random, bytes);
            case 1 -> ByteMutations.insertAt(bytes, random.nextInt(bytes.length + 1),
                    ByteMutations.randomBytes(random, 1 + random.nextInt(8)));
            case 2 -> ByteMutations.delete(random, bytes);
            case 3 -> Arrays.copyOf(bytes, random.nextInt(bytes.length));
            default -> ByteMutations.splice(random, bytes, seeds.get(random.nextInt(seeds.size())));
        };
    }

    /** One mutation that knows the format (option lengths, header fields); {@code bytes} is not empty. */
    protected abstract byte[] mutateFormat(byte[] bytes);

    /** What follows the mutations; by default nothing. */
    protected byte[] finish(byte[] bytes) {
        return bytes;
    }
}
