package io.tandem.migrate;

import io.tandem.api.FailoverRole;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code failover peer "NAME" { ... }} declaration as {@code io.tandem.failover.cfg}. ISC's defaults are
 * written out where Tandem's differ: ISC balances no load unless {@code load balance max seconds} is set, Tandem
 * would by default.
 */
final class FailoverPeerTranslator {

    /** ISC dhcpd 4.4's values when the declaration is silent (includes/failover.h, server/confpars.c). */
    private static final Map<String, String> ISC_DEFAULTS = Map.of(
            "localPort", "647", "peerPort", "647", "loadBalanceMaxSeconds", "0", "maxResponseDelay", "20",
            "maxUnackedUpdates", "100", "autoPartnerDown", "0", "maxLeaseMisbalance", "15",
            "maxLeaseOwnership", "10", "minBalance", "60", "maxBalance", "3600");
    /** Statements of the declaration with one number, and the Tandem key each sets. */
    private static final Map<String, String> NUMBERS = Map.of(
            "port", "localPort", "peer port", "peerPort", "max-response-delay", "maxResponseDelay",
            "max-unacked-updates", "maxUnackedUpdates", "mclt", "mclt", "split", "split",
            "auto-partner-down", "autoPartnerDown", "max-lease-misbalance", "maxLeaseMisbalance",
            "max-lease-ownership", "maxLeaseOwnership", "min-balance", "minBalance");
    private static final List<String> PRIMARY_ONLY = List.of("mclt", "split", "hba");
    /** The order of the keys in the file, as in Tandem's own template. */
    private static final List<String> ORDER = List.of("role", "relationshipName", "localAddress", "localPort",
            "peerAddress", "peerPort", "mclt", "split", "hba", "loadBalanceMaxSeconds", "maxResponseDelay",
            "maxUnackedUpdates", "autoPartnerDown", "maxLeaseMisbalance", "maxLeaseOwnership", "minBalance",
            "maxBalance");

    private final Path source;
    private final List<Untranslated> notes;
    private ConfStatement declaration;
    private final Map<String, String> keys = new LinkedHashMap<>();

    FailoverPeerTranslator(Path source, List<Untranslated> notes) {
        this.source = source;
        this.notes = notes;
    }

    /** Reads a declaration; a second one is refused, as Tandem serves one relationship. */
    void declare(ConfStatement statement) throws ImportRefusedException {
        if (declaration != null) {
            throw new ImportRefusedException(source, statement.line(), "a second failover peer declaration (the"
                    + " first is on line " + declaration.line() + "): Tandem serves one relationship");
        }
        declaration = statement;
        keys.putAll(ISC_DEFAULTS);
        keys.put("relationshipName", statement.word(2));
        for (ConfStatement inner : statement.block().orElseThrow()) {
            read(inner);
        }
        for (String required : List.of("role", "localAddress", "peerAddress")) {
            if (!keys.containsKey(required)) {
                throw new ImportRefusedException(source, statement.line(), "failover peer \"" + statement.word(2)
                        + "\" has no " + required + ("role".equals(required) ? " (primary or secondary)" : ""));
            }
        }
        if (keys.get("role").equals("secondary")) {
            for (String key : PRIMARY_ONLY) {
                if (keys.remove(key) != null) {
                    notes.add(new Untranslated(statement.line(), "failover peer \"" + statement.word(2) + "\": "
                            + key, "the secondary learns it from the primary"));
                }
            }
        } else if (!keys.containsKey("mclt") || !(keys.containsKey("split") || keys.containsKey("hba"))) {
            throw new ImportRefusedException(source, statement.line(), "the primary's failover peer declaration"
                    + " needs mclt and split or hba");
        }
    }

    private void read(ConfStatement inner) throws ImportRefusedException {
        List<String> words = inner.values(0);
        String head = String.join(" ", words.subList(0, Math.max(0, words.size() - 1))).toLowerCase();
        String value = words.isEmpty() ? "" : words.get(words.size() - 1);
        if (words.size() == 1 && (value.equalsIgnoreCase("primary") || value.equalsIgnoreCase("secondary"))) {
            keys.put("role", value.toLowerCase());
        } else if (head.equals("address") || head.equals("peer address")) {
            keys.put(head.equals("address") ? "localAddress" : "peerAddress", address(inner, value));
        } else if (head.equals("hba")) {
            keys.put("hba", value);
            keys.remove("split");
        } else if (head.equals("load balance max seconds") || head.equals("max-balance")) {
            keys.put(head.equals("max-balance") ? "maxBalance" : "loadBalanceMaxSeconds", number(inner, value));
        } else if (NUMBERS.containsKey(head)) {
            keys.put(NUMBERS.get(head), number(inner, value));
            if (head.equals("split")) {
                keys.remove("hba");
            }
        } else if (head.startsWith("peer ")) {
            notes.add(new Untranslated(inner.line(), inner.shown(), "the peer's own configuration sets it"));
        } else {
            throw new ImportRefusedException(source, inner.line(), inner.shown() + ": not a failover peer"
                    + " statement ISC dhcpd 4.4 knows");
        }
    }

    private String address(ConfStatement inner, String value) throws ImportRefusedException {
        try {
            return Ipv4Address.parse(value).toString();
        } catch (IllegalArgumentException e) {
            throw new ImportRefusedException(source, inner.line(), inner.shown() + ": Tandem needs an IPv4"
                    + " address here, not a host name");
        }
    }

    private String number(ConfStatement inner, String value) throws ImportRefusedException {
        try {
            return String.valueOf(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new ImportRefusedException(source, inner.line(), inner.shown() + ": expected a number");
        }
    }

    /** The relationship declared, if any. */
    Optional<Translation.Relationship> relationship() {
        if (declaration == null) {
            return Optional.empty();
        }
        FailoverRole role = keys.get("role").equals("primary") ? FailoverRole.PRIMARY : FailoverRole.SECONDARY;
        Duration mclt = role == FailoverRole.PRIMARY ? Duration.ofSeconds(Long.parseLong(keys.get("mclt")))
                : Duration.ZERO;
        return Optional.of(new Translation.Relationship(keys.get("relationshipName"), role, mclt));
    }

    /** {@code io.tandem.failover.cfg}, if a relationship is declared. */
    Optional<EtcFile> file() {
        if (declaration == null) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        text.append("# Imported from ").append(source).append(" (failover peer \"").append(keys.get("relationshipName"))
                .append("\", line ").append(declaration.line()).append(") by the Tandem importer.\n");
        text.append("# Values the file did not set are ISC dhcpd's defaults, so the pair behaves as before.\n");
        for (String key : ORDER) {
            if (keys.containsKey(key)) {
                text.append(key).append(" = ").append(keys.get(key)).append('\n');
            }
        }
        return Optional.of(new EtcFile("io.tandem.failover.cfg", text.toString()));
    }
}
