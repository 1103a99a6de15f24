package io.tandem.protocol.testing;

import java.util.Arrays;
import java.util.Random;

/**
 * The format-blind byte mutations the decoder fuzz tests share (DHCP here, failover in its bundle): each takes the
 * test's seeded {@link Random}, so a failing input is reproducible from the seed.
 */
public final class ByteMutations {

    private ByteMutations() {
    }

    /** Flips one to four random bits in place. */
    public static byte[] flipBits(Random random, byte[] bytes) {
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    /** {@code length} random bytes. */
    public static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** {@code bytes} with {@code inserted} at {@code position}. */
    public static byte[] insertAt(byte[] bytes, int position, byte[] inserted) {
        byte[] result = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, result, 0, position);
        System.arraycopy(inserted, 0, result, position, inserted.length);
        System.arraycopy(bytes, position, result, position + inserted.length, bytes.length - position);
        return result;
    }

    /** {@code bytes} without one to eight bytes from a random position. */
    public static byte[] delete(Random random, byte[] bytes) {
        int from = random.nextInt(bytes.length);
        int to = Math.min(bytes.length, from + 1 + random.nextInt(8));
        byte[] result = new byte[bytes.length - (to - from)];
        System.arraycopy(bytes, 0, result, 0, from);
        System.arraycopy(bytes, to, result, from, bytes.length - to);
        return result;
    }

    /** The start of {@code bytes} up to a random cut, then {@code other} from a random cut. */
    public static byte[] splice(Random random, byte[] bytes, byte[] other) {
        int cut = random.nextInt(bytes.length + 1);
        int otherCut = random.nextInt(other.length + 1);
        byte[] result = Arrays.copyOf(bytes, cut + other.length - otherCut);
        System.arraycopy(other, otherCut, result, cut, other.length - otherCut);
        return result;
    }
}
