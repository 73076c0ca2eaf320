package dev.holdfast.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.integrity.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The custody chain across the bags at a folder destination, read from the bags' own {@code custody.jsonl}: each
 * sealed bag's first line links to the previous bag's last line. Written here once, not by the code under test.
 */
public final class CustodyChains {

    private CustodyChains() {
    }

    /** The custody logs of every bag under the destination. */
    public static List<Path> logs(Path destination) throws IOException {
        try (Stream<Path> files = Files.walk(destination)) {
            return files.filter(f -> f.getFileName().toString().equals("custody.jsonl")).sorted().toList();
        }
    }

    /**
     * Where the chain forks: bags sharing a previous line, by that line's hash; and, when none does, the bags not
     * reached by walking the chain from its start ({@code "unreached"}). Empty for one unbroken line.
     */
    public static Map<String, List<String>> forks(Path destination) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<String>> bagsByPrev = new TreeMap<>();
        Map<String, String> lastLineOf = new HashMap<>();
        List<Path> logs = logs(destination);
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log);
            String bag = destination.relativize(log.getParent()).toString();
            bagsByPrev.computeIfAbsent(json.readTree(lines.get(0)).path("prev").asText(), p -> new ArrayList<>()).add(bag);
            lastLineOf.put(bag, Sha256.of(lines.get(lines.size() - 1)));
        }
        List<String> chain = new ArrayList<>();
        for (String link = Sha256.ZERO; bagsByPrev.containsKey(link) && chain.size() <= logs.size(); ) {
            String bag = bagsByPrev.get(link).get(0);
            chain.add(bag);
            link = lastLineOf.get(bag);
        }
        Map<String, List<String>> forks = new TreeMap<>(bagsByPrev);
        forks.values().removeIf(sharing -> sharing.size() == 1);
        if (forks.isEmpty() && chain.size() != logs.size()) {
            forks.put("unreached", List.of("bags not reached from the chain's start: " + (logs.size() - chain.size())));
        }
        return forks;
    }
}
