package io.tandem.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one codec for DNS names in wire format (RFC 1035 §3.1) as DHCP options carry them: the domain search
 * list (option 119, RFC 3397, with compression pointers) and the client FQDN (option 81, RFC 4702, no
 * pointers, possibly a partial name without the root label). Names are text with labels joined by dots.
 * Labels are limited to printable ASCII without dots or spaces so that text and wire form map one to one.
 * Malformed input raises {@link IllegalArgumentException} with a reason; byte positions in reasons count
 * from the start of the option value.
 */
final class DomainNames {

    private static final int MAX_LABEL_LENGTH = 63;
    private static final int MAX_NAME_LENGTH = 255;
    private static final int LABEL_TYPE_MASK = 0xc0;
    private static final int POINTER = 0xc0;
    /** Compression pointers hold 14-bit offsets. */
    private static final int MAX_POINTER_TARGET = 0x3fff;

    private DomainNames() {
    }

    /** The names of a search list (option 119): every name ends with a root label or a pointer. */
    static List<String> readSearchList(byte[] data, int offset, int length) {
        List<String> names = new ArrayList<>();
        int end = offset + length;
        int position = offset;
        while (position < end) {
            StringBuilder name = new StringBuilder();
            position = readLabels(data, offset, end, position, name, true);
            names.add(name.length() == 0 ? "." : name.toString());
        }
        return List.copyOf(names);
    }

    /**
     * One uncompressed name filling the whole range (option 81). A name ending in the root label is fully
     * qualified and returned with a trailing dot; one without it is partial and returned without.
     */
    static String readName(byte[] data, int offset, int length) {
        StringBuilder name = new StringBuilder();
        int end = offset + length;
        int after = readLabels(data, offset, end, offset, name, false);
        if (after != end) {
            throw new IllegalArgumentException("byte " + (after - offset) + " follows the end of the domain name");
        }
        boolean fullyQualified = length > 0 && data[end - 1] == 0;
        return fullyQualified ? name.append('.').toString() : name.toString();
    }

    /**
     * Reads the labels of the name at {@code start} into {@code name} and returns where the byte stream
     * continues after it. Without pointers, running into {@code end} ends a partial name; with pointers every
     * name must be terminated. A pointer must point before every byte visited so far for this name, which
     * rules out loops and bounds the work.
     */
    private static int readLabels(byte[] data, int base, int end, int start, StringBuilder name,
            boolean pointersAllowed) {
        int position = start;
        int lowestVisited = start;
        int resumeAt = -1;
        int wireLength = 1;
        while (true) {
            if (position >= end) {
                if (!pointersAllowed) {
                    return end;
                }
                throw new IllegalArgumentException("domain name at byte " + (start - base)
                        + " runs past the end without a root label");
            }
            int lengthByte = Bytes.u8(data, position);
            if (lengthByte == 0) {
                return resumeAt >= 0 ? resumeAt : position + 1;
            }
            int labelType = lengthByte & LABEL_TYPE_MASK;
            if (labelType == POINTER && pointersAllowed) {
                if (position + 1 >= end) {
                    throw new IllegalArgumentException("compression pointer at byte " + (position - base)
                            + " is cut off");
                }
                int target = base + (((lengthByte & ~LABEL_TYPE_MASK) << 8) | Bytes.u8(data, position + 1));
                if (target >= lowestVisited) {
                    throw new IllegalArgumentException("compression pointer at byte " + (position - base)
                            + " points to byte " + (target - base)
                            + ", not before the name: a loop or forward pointer");
                }
                if (resumeAt < 0) {
                    resumeAt = position + 2;
                }
                lowestVisited = target;
                position = target;
                continue;
            }
            if (labelType != 0) {
                throw new IllegalArgumentException("label length byte 0x" + Integer.toHexString(lengthByte)
                        + " at byte " + (position - base) + " is not a plain label");
            }
            if (position + 1 + lengthByte > end) {
                throw new IllegalArgumentException("label at byte " + (position - base) + " runs past the end");
            }
            wireLength += 1 + lengthByte;
            if (wireLength > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("domain name at byte " + (start - base)
                        + " is longer than 255 bytes");
            }
            if (name.length() > 0) {
                name.append('.');
            }
            for (int i = position + 1; i <= position + lengthByte; i++) {
                int character = Bytes.u8(data, i);
                if (!isLabelCharacter(character)) {
                    throw new IllegalArgumentException("label at byte " + (position - base) + " contains byte 0x"
                            + Integer.toHexString(character));
                }
                name.append((char) character);
            }
            position += 1 + lengthByte;
        }
    }

    /** Wire form of a search list, each name compressed against the suffixes written before it. */
    static byte[] writeSearchList(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a domain search list needs at least one name");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Integer> suffixOffsets = new HashMap<>();
        for (String name : names) {
            List<String> labels = labelsOf(name);
            boolean pointerWritten = false;
            for (int i = 0; i < labels.size() && !pointerWritten; i++) {
                String suffix = String.join(".", labels.subList(i, labels.size()));
                Integer earlier = suffixOffsets.get(suffix);
                if (earlier != null) {
                    out.write(POINTER | (earlier >>> 8));
                    out.write(earlier);
                    pointerWritten = true;
                } else {
                    if (out.size() <= MAX_POINTER_TARGET) {
                        suffixOffsets.put(suffix, out.size());
                    }
                    writeLabel(out, labels.get(i));
                }
            }
            if (!pointerWritten) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    /** Wire form of one uncompressed name; a trailing dot makes it fully qualified (root label written). */
    static byte[] writeName(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : labelsOf(name)) {
            writeLabel(out, label);
        }
        if (name.endsWith(".")) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** The labels of {@code name}, validated; an optional trailing dot is ignored, "." and "" have none. */
    private static List<String> labelsOf(String name) {
        String withoutRoot = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (withoutRoot.isEmpty()) {
            return List.of();
        }
        List<String> labels = List.of(withoutRoot.split("\\.", -1));
        int wireLength = 1;
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException("domain name '" + name + "' has a label of " + label.length()
                        + " characters, must be 1-63");
            }
            if (!label.chars().allMatch(DomainNames::isLabelCharacter)) {
                throw new IllegalArgumentException("domain name '" + name + "' has a label outside printable ASCII");
            }
            wireLength += 1 + label.length();
        }
        if (wireLength > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("domain name '" + name + "' is longer than 255 bytes on the wire");
        }
        return labels;
    }

    private static void writeLabel(ByteArrayOutputStream out, String label) {
        out.write(label.length());
        for (int i = 0; i < label.length(); i++) {
            out.write(label.charAt(i));
        }
    }

    private static boolean isLabelCharacter(int character) {
        return character > ' ' && character < 0x7f && character != '.';
    }
}
