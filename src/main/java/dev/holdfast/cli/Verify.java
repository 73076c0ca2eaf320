package dev.holdfast.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.holdfast.app.LedgerDataSources;
import dev.holdfast.app.SettingsLoader;
import dev.holdfast.config.ExitCode;
import dev.holdfast.custody.BagVerifier;
import dev.holdfast.custody.ExpectedDelivery;
import dev.holdfast.custody.Problem;
import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.deliver.DestinationReaders;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code verify}: re-reads every file of every bag at the destination and checks it against the bag
 * manifests, tag manifests, Payload-Oxum, the custody chain and the ledger. Needs no Genesys access.
 */
final class Verify {

    private Verify() {
    }

    static ExitCode run(Map<String, String> overrides, PrintStream out) throws IOException {
        try (SettingsLoader loader = new SettingsLoader(overrides);
             DestinationReader destination = DestinationReaders.forSettings(loader.settings());
             HikariDataSource dataSource = LedgerDataSources.open(loader.settings())) {
            Ledger ledger = new Ledger(dataSource, Clock.systemUTC());
            List<ExpectedDelivery> expected = new ArrayList<>();
            for (LedgerRow row : ledger.delivered()) {
                expected.add(new ExpectedDelivery(row.destinationKey(), row.sha256(), row.size()));
                String sidecar = row.destinationKey().substring(0, row.destinationKey().lastIndexOf('.')) + ".json";
                expected.add(new ExpectedDelivery(sidecar, row.sidecarSha256(), row.sidecarSize()));
            }
            List<Problem> problems = new BagVerifier(destination).verify(expected);
            if (problems.isEmpty()) {
                out.println("verify: " + destination.describe() + " holds every delivered file (" + expected.size()
                        + " files in the ledger), every bag and custody chain intact");
                return ExitCode.COMPLETE;
            }
            out.println("verify: " + problems.size() + " problem(s) at " + destination.describe() + ":");
            out.println(BagVerifier.render(problems));
            return ExitCode.MISMATCH;
        }
    }
}
