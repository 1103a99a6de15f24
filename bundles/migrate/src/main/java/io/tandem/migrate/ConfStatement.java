package io.tandem.migrate;

import io.tandem.isc.IscTokenizer.Kind;
import io.tandem.isc.IscTokenizer.Token;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One statement of a {@code dhcpd.conf}: its words up to the {@code ;} or the {@code {} of its block, and the
 * statements of that block if it has one.
 *
 * @param line the line of its first word
 * @param words its tokens, strings included, punctuation other than commas left out
 * @param block the statements inside its braces; empty for a statement ended by {@code ;}
 */
record ConfStatement(int line, List<Token> words, Optional<List<ConfStatement>> block) {

    ConfStatement {
        words = List.copyOf(words);
        block = block.map(List::copyOf);
    }

    /** The {@code index}th word's text (a string's value), or "" past the end. */
    String word(int index) {
        return index < words.size() ? words.get(index).text() : "";
    }

    /** True if the statement starts with these words, in order. */
    boolean startsWith(String... first) {
        if (words.size() < first.length) {
            return false;
        }
        for (int i = 0; i < first.length; i++) {
            if (words.get(i).kind() == Kind.STRING || !words.get(i).text().equalsIgnoreCase(first[i])) {
                return false;
            }
        }
        return true;
    }

    /** The words from {@code from} on, commas left out: the values of an option or a parameter. */
    List<String> values(int from) {
        return words.subList(Math.min(from, words.size()), words.size()).stream()
                .filter(token -> !token.is(","))
                .map(Token::text)
                .toList();
    }

    /** How the statement reads in a report: its words as written, strings quoted, a block shown as { ... }. */
    String shown() {
        String head = words.stream()
                .map(token -> token.kind() == Kind.STRING ? '"' + token.text() + '"' : token.text())
                .collect(Collectors.joining(" ")).replace(" ,", ",");
        return block.isPresent() ? head + " { ... }" : head + ";";
    }
}
