package io.tandem.isc;

import io.tandem.api.FailoverState;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.isc.IscTokenizer.Kind;
import io.tandem.isc.IscTokenizer.Token;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The grammar of a lease file (failover-protocol.md §7.2), one instance per parse.
 *
 * <p>Top level: {@code lease ADDRESS { ... }} and {@code failover peer "NAME" state { ... }} are read; every other
 * statement ({@code authoring-byte-order}, {@code server-duid}, hosts, classes) is skipped whole, braces included.
 * In a lease block: the six times, {@code binding state}, {@code rewind binding state}, {@code next binding
 * state} (checked, then dropped: a pending change is ISC's own), {@code hardware}, {@code uid} and
 * {@code client-hostname} are read; anything else ({@code set}, {@code on ... { }}, {@code option}, flags) is skipped whole. Defaults follow
 * ISC: no {@code binding state} means ACTIVE if the lease ends after {@code now}, else EXPIRED; no {@code tstp}
 * means {@code ends}; other missing times are {@link Lease#UNSET}. The client identity is the uid when present,
 * else the hardware address. An ABANDONED lease drops any uid and hardware, as ISC does, since it has no client.
 */
final class IscLeaseParser {

    private static final Map<String, BindingState> BINDING_STATES = Map.of(
            "free", BindingState.FREE,
            "active", BindingState.ACTIVE,
            "expired", BindingState.EXPIRED,
            "released", BindingState.RELEASED,
            "abandoned", BindingState.ABANDONED,
            "reset", BindingState.RESET,
            "backup", BindingState.BACKUP,
            // Legacy forms: a BOOTP or reserved binding is an ACTIVE one carrying a flag the audit does not use.
            "bootp", BindingState.ACTIVE,
            "reserved", BindingState.ACTIVE);

    private static final Map<String, FailoverState> FAILOVER_STATES = Map.ofEntries(
            Map.entry("unknown-state", FailoverState.UNKNOWN),
            Map.entry("startup", FailoverState.STARTUP),
            Map.entry("normal", FailoverState.NORMAL),
            Map.entry("communications-interrupted", FailoverState.COMMUNICATIONS_INTERRUPTED),
            Map.entry("partner-down", FailoverState.PARTNER_DOWN),
            Map.entry("potential-conflict", FailoverState.POTENTIAL_CONFLICT),
            Map.entry("recover", FailoverState.RECOVER),
            Map.entry("paused", FailoverState.PAUSED),
            Map.entry("shutdown", FailoverState.SHUTDOWN),
            Map.entry("recover-done", FailoverState.RECOVER_DONE),
            Map.entry("resolution-interrupted", FailoverState.RESOLUTION_INTERRUPTED),
            Map.entry("conflict-done", FailoverState.CONFLICT_DONE),
            Map.entry("recover-wait", FailoverState.RECOVER_WAIT));

    /** ARP hardware types of the names ISC writes after {@code hardware}. */
    static final Map<String, Integer> HARDWARE_TYPES = Map.of(
            "ethernet", HardwareAddress.ETHERNET,
            "token-ring", 6,
            "fddi", 8,
            "infiniband", 32);

    /** ISC's name for a type it has no name for: this prefix and the number. */
    static final String UNKNOWN_HARDWARE_TYPE = "unknown-";

    private final IscTokenizer tokens;
    private final Instant now;

    IscLeaseParser(IscTokenizer tokens, Instant now) {
        this.tokens = tokens;
        this.now = now;
    }

    IscLeaseFile file() throws IscLeaseFileException {
        Map<Ipv4Address, Lease> leases = new TreeMap<>();
        Map<String, FailoverPeerState> peers = new LinkedHashMap<>();
        while (true) {
            Token token = tokens.next();
            if (token.kind() == Kind.END) {
                return new IscLeaseFile(List.copyOf(leases.values()), List.copyOf(peers.values()));
            }
            if (token.is("lease")) {
                Lease lease = lease(token.line());
                leases.put(lease.address(), lease);
            } else if (token.is("failover")) {
                FailoverPeerState peer = failoverPeer();
                peers.put(peer.relationship(), peer);
            } else if (token.is(";")) {
                continue;
            } else if (token.kind() == Kind.WORD) {
                skipStatement(token);
            } else {
                throw unexpected(token, "a statement");
            }
        }
    }

    /** The fields of one lease block as read so far. */
    private static final class Block {
        Ipv4Address address;
        BindingState state;
        BindingState rewind;
        Instant starts = Lease.UNSET;
        Instant ends = Lease.UNSET;
        Instant tstp;
        Instant tsfp = Lease.UNSET;
        Instant atsfp = Lease.UNSET;
        Instant cltt = Lease.UNSET;
        HardwareAddress hardware;
        byte[] uid;
        int uidLine;
        String hostname;
    }

    private Lease lease(int line) throws IscLeaseFileException {
        Block block = new Block();
        Token addressToken = word("an address after 'lease'");
        try {
            block.address = Ipv4Address.parse(addressToken.text());
        } catch (IllegalArgumentException e) {
            throw new IscLeaseFileException(addressToken.line(), e.getMessage());
        }
        expect("{", "after the lease address");
        while (true) {
            Token token = tokens.next();
            if (token.is("}")) {
                return build(block, line);
            }
            if (token.kind() == Kind.END) {
                throw new IscLeaseFileException(line, "lease " + block.address + " is not closed");
            }
            if (token.is(";")) {
                continue;
            }
            if (token.kind() != Kind.WORD) {
                throw unexpected(token, "a statement in lease " + block.address);
            }
            leaseStatement(token, block);
        }
    }

    private void leaseStatement(Token keyword, Block block) throws IscLeaseFileException {
        switch (keyword.text()) {
            case "starts" -> block.starts = time(keyword);
            case "ends" -> block.ends = time(keyword);
            case "tstp" -> block.tstp = time(keyword);
            case "tsfp" -> block.tsfp = time(keyword);
            case "atsfp" -> block.atsfp = time(keyword);
            case "cltt" -> block.cltt = time(keyword);
            case "binding" -> block.state = bindingState();
            case "next" -> {
                expectWord("binding", "after 'next'");
                bindingState();
            }
            case "rewind" -> {
                expectWord("binding", "after 'rewind'");
                block.rewind = bindingState();
            }
            case "hardware" -> block.hardware = hardware();
            case "uid" -> {
                block.uidLine = keyword.line();
                block.uid = uid();
            }
            case "client-hostname" -> {
                Token name = tokens.next();
                if (name.kind() != Kind.STRING) {
                    throw unexpected(name, "a quoted host name");
                }
                expect(";", "after client-hostname");
                block.hostname = name.text().isEmpty() ? null : name.text();
            }
            default -> skipStatement(keyword);
        }
    }

    private Lease build(Block block, int line) throws IscLeaseFileException {
        ClientId client = null;
        if (block.uid != null) {
            try {
                client = ClientId.fromClientIdentifier(block.uid);
            } catch (IllegalArgumentException e) {
                throw new IscLeaseFileException(block.uidLine, "uid: " + e.getMessage());
            }
        } else if (block.hardware != null) {
            client = ClientId.fromHardware(block.hardware);
        }
        BindingState state = block.state != null ? block.state
                : block.ends.isAfter(now) ? BindingState.ACTIVE : BindingState.EXPIRED;
        boolean abandoned = state == BindingState.ABANDONED;
        try {
            return Lease.builder(block.address)
                    .state(state)
                    .client(abandoned ? null : client)
                    .hardware(abandoned ? null : block.hardware)
                    .start(block.starts)
                    .end(block.ends)
                    .tstp(block.tstp != null ? block.tstp : block.ends)
                    .tsfp(block.tsfp)
                    .atsfp(block.atsfp)
                    .cltt(block.cltt)
                    .hostname(block.hostname)
                    .rewind(block.rewind)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IscLeaseFileException(line, e.getMessage());
        }
    }

    private BindingState bindingState() throws IscLeaseFileException {
        expectWord("state", "after 'binding'");
        Token name = word("a binding state");
        BindingState state = BINDING_STATES.get(name.text());
        if (state == null) {
            throw new IscLeaseFileException(name.line(), "unknown binding state '" + name.text() + "'");
        }
        expect(";", "after the binding state");
        return state;
    }

    /** {@code W YYYY/MM/DD HH:MM:SS;} in UTC (the weekday is ignored), {@code epoch SECONDS;} or {@code never;}. */
    private Instant time(Token keyword) throws IscLeaseFileException {
        String what = "'" + keyword.text() + "'";
        Token first = word("a date, 'never' or 'epoch' after " + what);
        Instant time;
        if (first.text().equals("never")) {
            time = IscLeaseFile.NEVER;
        } else if (first.text().equals("epoch")) {
            Token seconds = word("seconds after 'epoch'");
            time = Instant.ofEpochSecond(number(seconds, 0, 0xFFFF_FFFFL));
        } else {
            number(first, 0, 6);
            Token date = word("a YYYY/MM/DD date after the weekday of " + what);
            Token clock = word("an HH:MM:SS time after the date of " + what);
            time = dateTime(date, clock);
        }
        expect(";", "after the time of " + what);
        return time;
    }

    private Instant dateTime(Token date, Token clock) throws IscLeaseFileException {
        String[] ymd = date.text().split("/", -1);
        String[] hms = clock.text().split(":", -1);
        if (ymd.length != 3) {
            throw new IscLeaseFileException(date.line(), "'" + date.text() + "' is not a YYYY/MM/DD date");
        }
        if (hms.length != 3) {
            throw new IscLeaseFileException(clock.line(), "'" + clock.text() + "' is not an HH:MM:SS time");
        }
        try {
            return LocalDateTime.of(
                    (int) number(date, ymd[0], 0, 9999), (int) number(date, ymd[1], 1, 12),
                    (int) number(date, ymd[2], 1, 31), (int) number(clock, hms[0], 0, 23),
                    (int) number(clock, hms[1], 0, 59), (int) number(clock, hms[2], 0, 59))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new IscLeaseFileException(date.line(), "'" + date.text() + "' is not a calendar date");
        }
    }

    /** {@code TYPE XX:XX:...}; ISC writes one or two hex digits per octet. */
    private HardwareAddress hardware() throws IscLeaseFileException {
        Token type = word("a hardware type");
        Integer code = HARDWARE_TYPES.get(type.text());
        if (code == null && type.text().startsWith(UNKNOWN_HARDWARE_TYPE)) {
            code = (int) number(type, type.text().substring(UNKNOWN_HARDWARE_TYPE.length()), 0, 255);
        }
        if (code == null) {
            throw new IscLeaseFileException(type.line(), "unknown hardware type '" + type.text() + "'");
        }
        Token address = word("a hardware address");
        byte[] bytes = colonHex(address);
        if (bytes.length > HardwareAddress.MAX_LENGTH) {
            throw new IscLeaseFileException(address.line(), "hardware address of " + bytes.length
                    + " bytes is longer than " + HardwareAddress.MAX_LENGTH);
        }
        expect(";", "after the hardware address");
        return HardwareAddress.of(code, bytes);
    }

    /** A quoted string (one byte per char, escapes resolved by the tokenizer) or colon-separated hex. */
    private byte[] uid() throws IscLeaseFileException {
        Token value = tokens.next();
        byte[] bytes;
        if (value.kind() == Kind.STRING) {
            bytes = new byte[value.text().length()];
            for (int i = 0; i < bytes.length; i++) {
                char c = value.text().charAt(i);
                if (c > 0xff) {
                    throw new IscLeaseFileException(value.line(), "uid holds a character that is not one byte");
                }
                bytes[i] = (byte) c;
            }
        } else if (value.kind() == Kind.WORD) {
            bytes = colonHex(value);
        } else {
            throw unexpected(value, "a uid");
        }
        expect(";", "after the uid");
        return bytes;
    }

    private static byte[] colonHex(Token token) throws IscLeaseFileException {
        String[] octets = token.text().split(":", -1);
        byte[] bytes = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            String octet = octets[i];
            if (octet.isEmpty() || octet.length() > 2 || !octet.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IscLeaseFileException(token.line(), "'" + token.text() + "' is not colon-separated hex");
            }
            bytes[i] = (byte) Integer.parseInt(octet, 16);
        }
        return bytes;
    }

    /** {@code peer "NAME" state { my state S at TIME; partner state S at TIME; mclt N; }} after {@code failover}. */
    private FailoverPeerState failoverPeer() throws IscLeaseFileException {
        expectWord("peer", "after 'failover'");
        Token name = tokens.next();
        if (name.kind() != Kind.STRING && name.kind() != Kind.WORD) {
            throw unexpected(name, "a peer name");
        }
        expectWord("state", "after the peer name");
        Token open = tokens.peek();
        expect("{", "after 'state'");
        Optional<FailoverState> myState = Optional.empty();
        Optional<Instant> mySince = Optional.empty();
        Optional<FailoverState> partnerState = Optional.empty();
        Optional<Instant> partnerSince = Optional.empty();
        Optional<Duration> mclt = Optional.empty();
        while (true) {
            Token token = tokens.next();
            if (token.is("}")) {
                return new FailoverPeerState(name.text(), myState, mySince, partnerState, partnerSince, mclt);
            }
            if (token.kind() == Kind.END) {
                throw new IscLeaseFileException(open.line(), "failover peer \"" + name.text() + "\" is not closed");
            }
            if (token.is("my") || token.is("partner")) {
                expectWord("state", "after '" + token.text() + "'");
                Token stateName = word("a failover state");
                FailoverState state = FAILOVER_STATES.get(stateName.text());
                if (state == null) {
                    throw new IscLeaseFileException(stateName.line(), "unknown failover state '" + stateName.text()
                            + "'");
                }
                Token at = word("'at' after the failover state");
                if (!at.text().equals("at")) {
                    throw unexpected(at, "'at' after the failover state");
                }
                Instant since = time(at);
                if (token.is("my")) {
                    myState = Optional.of(state);
                    mySince = Optional.of(since);
                } else {
                    partnerState = Optional.of(state);
                    partnerSince = Optional.of(since);
                }
            } else if (token.is("mclt")) {
                mclt = Optional.of(Duration.ofSeconds(number(word("the MCLT in seconds"), 0, 0xFFFF_FFFFL)));
                expect(";", "after the MCLT");
            } else if (token.kind() == Kind.WORD) {
                skipStatement(token);
            } else if (!token.is(";")) {
                throw unexpected(token, "a statement in failover peer \"" + name.text() + "\"");
            }
        }
    }

    /**
     * Skips a statement whose first word has been read: up to its {@code ;}, or to the {@code }} that closes the
     * first {@code {} it opens (then one optional {@code ;}). Braces inside strings are part of the string.
     */
    private void skipStatement(Token keyword) throws IscLeaseFileException {
        int depth = 0;
        while (true) {
            Token token = tokens.next();
            if (token.kind() == Kind.END) {
                throw new IscLeaseFileException(keyword.line(), "statement '" + keyword.text()
                        + "' is not finished at the end of the file");
            } else if (token.is("{")) {
                depth++;
            } else if (token.is("}")) {
                if (depth == 0) {
                    throw unexpected(token, "';' to end the statement '" + keyword.text() + "'");
                }
                if (--depth == 0) {
                    if (tokens.peek().is(";")) {
                        tokens.next();
                    }
                    return;
                }
            } else if (token.is(";") && depth == 0) {
                return;
            }
        }
    }

    private Token word(String expected) throws IscLeaseFileException {
        Token token = tokens.next();
        if (token.kind() != Kind.WORD) {
            throw unexpected(token, expected);
        }
        return token;
    }

    private void expectWord(String word, String where) throws IscLeaseFileException {
        Token token = tokens.next();
        if (!(token.kind() == Kind.WORD && token.text().equals(word))) {
            throw unexpected(token, "'" + word + "' " + where);
        }
    }

    private void expect(String punctuation, String where) throws IscLeaseFileException {
        Token token = tokens.next();
        if (!(token.kind() == Kind.PUNCTUATION && token.text().equals(punctuation))) {
            throw unexpected(token, "'" + punctuation + "' " + where);
        }
    }

    private static long number(Token token, long min, long max) throws IscLeaseFileException {
        return number(token, token.text(), min, max);
    }

    private static long number(Token token, String digits, long min, long max) throws IscLeaseFileException {
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IscLeaseFileException(token.line(), "'" + digits + "' in '" + token.text()
                    + "' is not a number");
        }
        long value = Long.parseLong(digits);
        if (value < min || value > max) {
            throw new IscLeaseFileException(token.line(), "'" + digits + "' in '" + token.text() + "' is not "
                    + min + " to " + max);
        }
        return value;
    }

    private static IscLeaseFileException unexpected(Token token, String expected) {
        return new IscLeaseFileException(token.line(), "expected " + expected + ", found " + token.shown());
    }
}
