package dev.mlops.aws.internal.registry;

import dev.mlops.ModelApprovalStatus;
import dev.mlops.exception.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this registry keeps in a model package's {@code CustomerMetadataProperties}, since SageMaker has no place of
 * its own for it: the lineage ({@code lineage:<key>}), inference containers that cannot go into the
 * {@code InferenceSpecification} ({@code container:<n>:<kind>}), the status it was registered with
 * ({@code mlops:registered}) and the decisions made through this registry ({@code mlops:decision:<n>}, SageMaker
 * keeping only the last {@code ApprovalDescription}).
 *
 * <p>SageMaker allows 50 properties of at most 128-character keys and 256-character values from a restricted
 * alphabet (letters, digits, spaces and {@code _.:/=+-@}); registration refuses what does not fit, and the oldest
 * decisions make way for new ones when the properties are full.
 */
final class PackageMetadata {
    /** SageMaker's limit of properties per package. */
    static final int MAX_PROPERTIES = 50;
    /** Properties kept free for decisions at registration. */
    static final int DECISION_ROOM = 10;
    static final String LINEAGE = "lineage:";
    static final String CONTAINER = "container:";
    static final String REGISTERED = "mlops:registered";
    static final String DECISION = "mlops:decision:";

    private static final Pattern ALPHABET = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final Pattern CONTAINER_KEY = Pattern.compile("container:(\\d+):(.+)");
    private static final Pattern DECISION_KEY = Pattern.compile("mlops:decision:(\\d+)");

    private final Map<String, String> properties;

    private PackageMetadata(Map<String, String> properties) {
        this.properties = properties;
    }

    /**
     * Reads the properties of a described package.
     *
     * @param properties its {@code CustomerMetadataProperties} (may be empty)
     * @return the metadata
     */
    static PackageMetadata of(Map<String, String> properties) {
        return new PackageMetadata(new LinkedHashMap<>(properties));
    }

    /**
     * The properties of a new registration.
     *
     * @param lineage the request's lineage
     * @param containers containers to keep here (kind to URI, in order), empty if they went into the specification
     * @param registeredAt when
     * @param status the status it is registered with
     * @return the metadata
     * @throws ValidationException if a key or value does not fit SageMaker's rules, or there are too many
     */
    static PackageMetadata registration(Map<String, String> lineage, Map<String, String> containers, Instant registeredAt,
            ModelApprovalStatus status) {
        Map<String, String> p = new LinkedHashMap<>();
        new TreeMap<>(lineage).forEach((k, v) -> p.put(checked("RegisterRequest.lineage", LINEAGE + k, v), v));
        int i = 0;
        for (Map.Entry<String, String> c : containers.entrySet()) {
            p.put(checked("RegisterRequest.containers", CONTAINER + (++i) + ":" + c.getKey(), c.getValue()), c.getValue());
        }
        p.put(REGISTERED, registeredAt + " " + status.name());
        if (p.size() > MAX_PROPERTIES - DECISION_ROOM) {
            throw new ValidationException("RegisterRequest.lineage", p.size() - 1 + " lineage entries and containers",
                    "at most " + (MAX_PROPERTIES - DECISION_ROOM - 1) + " lineage entries and non-S3 containers together:"
                            + " SageMaker keeps at most " + MAX_PROPERTIES + " customer metadata properties per model"
                            + " package, and this registry keeps " + DECISION_ROOM + " of them for decisions");
        }
        return new PackageMetadata(p);
    }

    private static String checked(String field, String key, String value) {
        String rule = "at most 128 characters for the key and 1 to 256 for the value, of letters, digits, spaces and"
                + " _.:/=+-@ (SageMaker's rule for customer metadata properties)";
        if (key.length() > 128 || !ALPHABET.matcher(key).matches()) {
            throw new ValidationException(field, key, rule);
        }
        if (value == null || value.isEmpty() || value.length() > 256 || !ALPHABET.matcher(value).matches()) {
            throw new ValidationException(field, key + "=" + value, rule);
        }
        return key;
    }

    /** @return the properties, to send */
    Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** @return the lineage */
    Map<String, String> lineage() {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(LINEAGE)) {
                out.put(k.substring(LINEAGE.length()), v);
            }
        });
        return out;
    }

    /** @return the containers kept here, in their order */
    Map<String, String> containers() {
        TreeMap<Integer, Map.Entry<String, String>> ordered = new TreeMap<>();
        properties.forEach((k, v) -> {
            Matcher m = CONTAINER_KEY.matcher(k);
            if (m.matches()) {
                ordered.put(Integer.parseInt(m.group(1)), Map.entry(m.group(2), v));
            }
        });
        Map<String, String> out = new LinkedHashMap<>();
        ordered.values().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * The status recorded at registration.
     *
     * @return it, if this registry registered the package
     */
    Optional<Registered> registered() {
        String v = properties.get(REGISTERED);
        if (v == null) {
            return Optional.empty();
        }
        String[] parts = v.split(" ", 2);
        try {
            return Optional.of(new Registered(Instant.parse(parts[0]), ModelApprovalStatus.parse(parts[1])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return the decisions recorded here, oldest first */
    List<Decision> decisions() {
        List<Decision> out = new ArrayList<>();
        properties.forEach((k, v) -> {
            Matcher m = DECISION_KEY.matcher(k);
            if (m.matches()) {
                Decision d = Decision.parse(Integer.parseInt(m.group(1)), v);
                if (d != null) {
                    out.add(d);
                }
            }
        });
        out.sort(Comparator.comparingInt(Decision::number));
        return out;
    }

    /**
     * The properties after one more decision, and the keys to remove (the oldest decisions, when full).
     *
     * @param at when it is made
     * @param from the status before
     * @param to the status after
     * @param who the caller's identity (characters outside SageMaker's alphabet become {@code _})
     * @return the new properties and the removed keys
     */
    Update withDecision(Instant at, ModelApprovalStatus from, ModelApprovalStatus to, String who) {
        List<Decision> decisions = decisions();
        int next = decisions.isEmpty() ? 1 : decisions.get(decisions.size() - 1).number() + 1;
        Map<String, String> p = new LinkedHashMap<>(properties);
        List<String> removed = new ArrayList<>();
        for (Decision old : decisions) {
            if (p.size() < MAX_PROPERTIES) {
                break;
            }
            p.remove(DECISION + old.number());
            removed.add(DECISION + old.number());
        }
        String head = at + " " + from.name() + " " + to.name() + " ";
        String by = who.replaceAll("[^\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]", "_");
        if (head.length() + by.length() > 256) {
            by = by.substring(by.length() - (256 - head.length()));
        }
        p.put(DECISION + next, head + by);
        return new Update(p, removed);
    }

    /**
     * When and how a package was registered.
     *
     * @param at when
     * @param status with which status
     */
    record Registered(Instant at, ModelApprovalStatus status) {
    }

    /**
     * One decision made through this registry.
     *
     * @param number its order
     * @param at when
     * @param from the status before
     * @param to the status after
     * @param who the caller's identity
     */
    record Decision(int number, Instant at, ModelApprovalStatus from, ModelApprovalStatus to, String who) {
        static Decision parse(int number, String value) {
            String[] parts = value.split(" ", 4);
            if (parts.length < 4) {
                return null;
            }
            try {
                return new Decision(number, Instant.parse(parts[0]), ModelApprovalStatus.parse(parts[1]),
                        ModelApprovalStatus.parse(parts[2]), parts[3]);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * Properties to send with {@code UpdateModelPackage}.
     *
     * @param properties the whole map (SageMaker adds and replaces the keys given)
     * @param removed keys to remove
     */
    record Update(Map<String, String> properties, List<String> removed) {
    }
}
