package io.tandem.migrate;

import io.tandem.isc.IscLeaseFileException;
import io.tandem.isc.IscTokenizer;
import io.tandem.isc.IscTokenizer.Kind;
import io.tandem.isc.IscTokenizer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the text of a {@code dhcpd.conf} as a tree of {@link ConfStatement}s. Only the shape is checked here
 * (statements end with {@code ;}, braces balance, strings close); what the statements mean is the translator's.
 */
final class DhcpdConfReader {

    private final IscTokenizer tokens;

    private DhcpdConfReader(String text) {
        this.tokens = new IscTokenizer(text);
    }

    /**
     * The statements of a whole file.
     *
     * @throws IscLeaseFileException naming the line and the reason, if the text is not shaped as dhcpd.conf
     */
    static List<ConfStatement> read(String text) throws IscLeaseFileException {
        DhcpdConfReader reader = new DhcpdConfReader(text);
        List<ConfStatement> statements = reader.statements();
        Token end = reader.tokens.next();
        if (end.kind() != Kind.END) {
            throw new IscLeaseFileException(end.line(), "'}' without a block to close");
        }
        return statements;
    }

    /** Statements until a '}' or the end, which is left for the caller. */
    private List<ConfStatement> statements() throws IscLeaseFileException {
        List<ConfStatement> statements = new ArrayList<>();
        while (true) {
            Token next = tokens.peek();
            if (next.kind() == Kind.END || next.is("}")) {
                return statements;
            }
            if (next.is(";")) {
                tokens.next();
                continue;
            }
            statements.add(statement());
        }
    }

    private ConfStatement statement() throws IscLeaseFileException {
        int line = tokens.peek().line();
        List<Token> words = new ArrayList<>();
        while (true) {
            Token token = tokens.next();
            if (token.is(";")) {
                return new ConfStatement(line, words, Optional.empty());
            }
            if (token.is("{")) {
                List<ConfStatement> block = statements();
                Token close = tokens.next();
                if (!close.is("}")) {
                    throw new IscLeaseFileException(line, "the block opened here is not closed before "
                            + close.shown());
                }
                return new ConfStatement(line, words, Optional.of(block));
            }
            if (token.kind() == Kind.END || token.is("}")) {
                throw new IscLeaseFileException(token.line(), "statement starting on line " + line
                        + " needs ';' before " + token.shown());
            }
            words.add(token);
        }
    }
}
