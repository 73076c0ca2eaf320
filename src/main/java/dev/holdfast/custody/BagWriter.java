package dev.holdfast.custody;

import dev.holdfast.integrity.Sha256;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The content of a BagIt 1.0 bag's tag files (RFC 8493), as text to write; it writes nothing itself.
 *
 * <p>Order matters at the destination: payload, then {@code bagit.txt}, {@code bag-info.txt},
 * {@code manifest-sha256.txt}, {@code custody.jsonl}, {@code reconciliation.csv}, the load files, and
 * <b>{@code tagmanifest-sha256.txt} is written last: a bag without it is incomplete</b> (a run that stopped
 * half-way leaves a bag that {@code verify} reports, never one that passes). {@link #tagFiles} gives them in
 * that order.
 */
public final class BagWriter {

    public static final String BAGIT_TXT = "bagit.txt";
    public static final String BAG_INFO_TXT = "bag-info.txt";
    public static final String MANIFEST = "manifest-sha256.txt";
    public static final String TAGMANIFEST = "tagmanifest-sha256.txt";
    public static final String CUSTODY = "custody.jsonl";
    public static final String RECONCILIATION = "reconciliation.csv";

    /** The tag files the tag manifest seals, in the order they are written. */
    public static final List<String> SEALED = List.of(BAGIT_TXT, BAG_INFO_TXT, MANIFEST, CUSTODY, RECONCILIATION);

    private BagWriter() {
    }

    /** {@code bagit.txt}: the version and the tag files' encoding. */
    public static String bagitTxt() {
        return "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
    }

    /**
     * {@code bag-info.txt}. The payload is passed here, not counted separately, so Payload-Oxum is computed from the
     * very list the manifest is built from and cannot disagree with it.
     */
    public static String bagInfoTxt(BagInfo info, List<PayloadFile> payload) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("Bagging-Date", info.baggingDate().toString());
        labels.put("Payload-Oxum", payloadOxum(payload));
        labels.put("External-Identifier", info.runId());
        labels.put("Source-Organization", info.sourceOrganization());
        labels.put("Holdfast-Organization-Id", info.organizationId());
        labels.put("Holdfast-Window", info.windowFrom() + "/" + info.windowTo());
        labels.put("Holdfast-Hold-Attribute", info.holdAttribute() == null ? null
                : info.holdAttribute() + "=" + (info.holdValue() == null ? "" : info.holdValue()));
        labels.put("Holdfast-Region", info.region());
        labels.put("Holdfast-Version", info.holdfastVersion());
        StringBuilder out = new StringBuilder();
        labels.forEach((label, value) -> {
            String clean = value == null ? "" : oneLine(value);
            if (!clean.isEmpty()) {
                out.append(label).append(": ").append(clean).append('\n');
            }
        });
        return out.toString();
    }

    /** {@code <octets>.<streamcount>} of the payload. */
    public static String payloadOxum(List<PayloadFile> payload) {
        long octets = payload.stream().mapToLong(PayloadFile::size).sum();
        return octets + "." + payload.size();
    }

    /** {@code manifest-sha256.txt}: {@code <sha256>  <path>} per payload file, sorted by path, paths RFC-encoded. */
    public static String manifestSha256(List<PayloadFile> payload) {
        Set<String> seen = new HashSet<>();
        StringBuilder out = new StringBuilder();
        payload.stream().sorted(Comparator.comparing(PayloadFile::pathInBag)).forEach(file -> {
            if (!seen.add(file.pathInBag())) {
                throw new IllegalArgumentException("payload file listed twice: " + file.pathInBag());
            }
            out.append(file.sha256()).append("  ").append(BagPaths.encode(file.pathInBag())).append('\n');
        });
        return out.toString();
    }

    /**
     * {@code tagmanifest-sha256.txt} over the five sealed tag files (each must be given), then any further tag
     * files sorted by name.
     *
     * @param sha256ByTagFile hex SHA-256 of each tag file's bytes, by its name in the bag
     */
    public static String tagManifestSha256(Map<String, String> sha256ByTagFile) {
        for (String required : SEALED) {
            if (!sha256ByTagFile.containsKey(required)) {
                throw new IllegalArgumentException("the tag manifest must seal " + required);
            }
        }
        List<String> names = new ArrayList<>(SEALED);
        new TreeMap<>(sha256ByTagFile).keySet().stream().filter(name -> !SEALED.contains(name)).forEach(name -> {
            if (name.startsWith("data/") || name.startsWith("tagmanifest-") || name.isEmpty()) {
                throw new IllegalArgumentException("not a tag file the tag manifest can seal: " + name);
            }
            names.add(name);
        });
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            String sha = Sha256.requireHex(sha256ByTagFile.get(name), "sha256 of " + name);
            out.append(sha).append("  ").append(BagPaths.encode(name)).append('\n');
        }
        return out.toString();
    }

    /**
     * Every tag file of a bag, name to content, in the order to write them: {@code tagmanifest-sha256.txt} last.
     *
     * @param custodyJsonl      the bag's custody log ({@link CustodyChain#jsonl}), ending with its summary line
     * @param reconciliationCsv the bag's reconciliation ({@link ReconciliationCsv#render})
     */
    public static Map<String, String> tagFiles(BagInfo info, List<PayloadFile> payload, String custodyJsonl,
                                               String reconciliationCsv) {
        return tagFiles(info, payload, custodyJsonl, reconciliationCsv, null);
    }

    /**
     * Every tag file of a bag with its load files ({@code loadfile.dat}, {@code loadfile.csv}: sealed by the tag
     * manifest like the others), in the order to write them: {@code tagmanifest-sha256.txt} last.
     *
     * @param loadFile the load files' rows ({@link LoadFileRows#of}), or {@code null} for a bag without load files
     */
    public static Map<String, String> tagFiles(BagInfo info, List<PayloadFile> payload, String custodyJsonl,
                                               String reconciliationCsv, List<LoadFile.Row> loadFile) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(BAGIT_TXT, bagitTxt());
        files.put(BAG_INFO_TXT, bagInfoTxt(info, payload));
        files.put(MANIFEST, manifestSha256(payload));
        files.put(CUSTODY, custodyJsonl);
        files.put(RECONCILIATION, reconciliationCsv);
        if (loadFile != null) {
            files.put(LoadFile.DAT, LoadFile.dat(loadFile));
            files.put(LoadFile.CSV, LoadFile.csv(loadFile));
        }
        Map<String, String> sealed = new LinkedHashMap<>();
        files.forEach((name, content) -> sealed.put(name, Sha256.of(content)));
        files.put(TAGMANIFEST, tagManifestSha256(sealed));
        return files;
    }

    /** A value on one line: RFC 8493 folds long values, but a descriptive value loses nothing as one line. */
    private static String oneLine(String value) {
        return value.replaceAll("\\p{Cntrl}+", " ").strip();
    }
}
