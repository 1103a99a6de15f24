package io.tandem.isc;

/**
 * Cuts the text of a {@code dhcpd.leases} or {@code dhcpd.conf} file (they share their lexical rules) into tokens: words (runs of anything but blanks, quotes and the punctuation
 * {@code { } ; = ,}), quoted strings with their escapes resolved, and single punctuation characters. {@code #}
 * outside a string starts a comment to the end of the line. Every token knows its line, for error messages.
 */
public final class IscTokenizer {

    /** What a token is. */
    public enum Kind { WORD, STRING, PUNCTUATION, END }

    /**
     * One token. For a {@link Kind#STRING} the text holds one char per decoded byte when the file was read as
     * ISO-8859-1, so escaped binary (a uid) survives unchanged.
     */
    public record Token(Kind kind, String text, int line) {

        /** True for the word or punctuation {@code punctuationOrWord}; a string never matches. */
        public boolean is(String punctuationOrWord) {
            return kind != Kind.STRING && kind != Kind.END && text.equals(punctuationOrWord);
        }

        /** How the token reads in an error message. */
        public String shown() {
            return switch (kind) {
                case END -> "the end of the file";
                case STRING -> "a string";
                default -> "'" + text + "'";
            };
        }
    }

    private static final String PUNCTUATION = "{};=,";

    private final String text;
    private int position;
    private int line = 1;
    private Token peeked;

    public IscTokenizer(String text) {
        this.text = text;
    }

    /** The next token, left in place. */
    public Token peek() throws IscLeaseFileException {
        if (peeked == null) {
            peeked = read();
        }
        return peeked;
    }

    /** The next token, consumed. */
    public Token next() throws IscLeaseFileException {
        Token token = peek();
        peeked = null;
        return token;
    }

    private Token read() throws IscLeaseFileException {
        skipBlanksAndComments();
        if (position == text.length()) {
            return new Token(Kind.END, "", line);
        }
        char c = text.charAt(position);
        if (c == '"') {
            return string();
        }
        if (PUNCTUATION.indexOf(c) >= 0) {
            position++;
            return new Token(Kind.PUNCTUATION, String.valueOf(c), line);
        }
        int start = position;
        while (position < text.length() && isWordChar(text.charAt(position))) {
            position++;
        }
        return new Token(Kind.WORD, text.substring(start, position), line);
    }

    private static boolean isWordChar(char c) {
        return !Character.isWhitespace(c) && c != '"' && c != '#' && PUNCTUATION.indexOf(c) < 0;
    }

    private void skipBlanksAndComments() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '\n') {
                line++;
                position++;
            } else if (Character.isWhitespace(c)) {
                position++;
            } else if (c == '#') {
                while (position < text.length() && text.charAt(position) != '\n') {
                    position++;
                }
            } else {
                return;
            }
        }
    }

    private Token string() throws IscLeaseFileException {
        int startLine = line;
        position++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position == text.length()) {
                throw new IscLeaseFileException(startLine, "string not closed before the end of the file");
            }
            char c = text.charAt(position++);
            if (c == '"') {
                return new Token(Kind.STRING, value.toString(), startLine);
            }
            if (c == '\n') {
                line++;
            }
            value.append(c == '\\' ? escaped(startLine) : c);
        }
    }

    /** The character after a backslash: up to three octal digits make one byte, a few letters a control code. */
    private char escaped(int startLine) throws IscLeaseFileException {
        if (position == text.length()) {
            throw new IscLeaseFileException(startLine, "string not closed before the end of the file");
        }
        char c = text.charAt(position++);
        if (c >= '0' && c <= '7') {
            int value = c - '0';
            for (int digits = 1; digits < 3 && position < text.length(); digits++) {
                char next = text.charAt(position);
                if (next < '0' || next > '7') {
                    break;
                }
                value = value * 8 + (next - '0');
                position++;
            }
            if (value > 0xff) {
                throw new IscLeaseFileException(line, "octal escape \\" + Integer.toOctalString(value)
                        + " is beyond one byte");
            }
            return (char) value;
        }
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            default -> {
                // \" and \\ and anything else stand for the character itself.
                if (c == '\n') {
                    line++;
                }
                yield c;
            }
        };
    }
}
